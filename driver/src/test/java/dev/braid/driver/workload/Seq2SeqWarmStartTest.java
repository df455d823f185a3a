package dev.braid.driver.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.registry.Registry;
import dev.braid.driver.registry.VersionMeta;
import dev.braid.driver.run.RunOptions;
import dev.braid.driver.run.TrainingRun;
import dev.braid.driver.spark.SparkTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run lifecycle gives the encoder-decoder what the language model had: a warm start from a saved
 * model (--init-from) that begins where that model ended, and scheduled retraining of a registry over
 * dated partitions of pairs, warm-started from the current version and judged by test WER.
 */
@Tag("spark")
class Seq2SeqWarmStartTest {

    private static List<String> settings(Path dir, String train, int epochs) {
        return new ArrayList<>(List.of("name=dates", "workload=seq2seq", "data.format=tsv", "data.train=" + train,
                "data.validation=" + dir.resolve("valid.tsv"), "data.test=" + dir.resolve("test.tsv"),
                "seq2seq.targetTokens=chars", "model.embedding=16", "model.hidden=32", "model.dropout=0",
                "seq2seq.encoderLayers=1", "seq2seq.decoderLayers=1", "seq2seq.tokensPerBatch=1100", "seq2seq.beam=2",
                "training.averagingPeriod=4", "training.epochs=" + epochs, "optimizer.learningRate=0.006"));
    }

    @Test
    void warmStartsFromASavedModelAndRetrainsARegistry(@TempDir Path dir) throws Exception {
        Seq2SeqJobTest.writeDates(dir.resolve("train.tsv"), 2000, 1);
        Seq2SeqJobTest.writeDates(dir.resolve("valid.tsv"), 100, 2);
        Seq2SeqJobTest.writeDates(dir.resolve("test.tsv"), 100, 3);
        Seq2SeqJobTest.writeDates(dir.resolve("more.tsv"), 600, 4);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Runs.seq2seq(ConfigLoader.load(null, settings(dir, dir.resolve("train.tsv").toString(), 4)), quiet)
                .run(SparkTest.sc(), RunOptions.fresh(dir.resolve("base").toString()));
        String base = dir.resolve("base/model").toString();
        ConfigLoader.Loaded more = ConfigLoader.load(null, settings(dir, dir.resolve("more.tsv").toString(), 1));
        TrainingRun.Outcome<Seq2SeqReport> tuned = Runs.seq2seq(more, quiet).run(SparkTest.sc(),
                new RunOptions(dir.resolve("tuned").toString(), false, false, Optional.of(base)));
        TrainingRun.Outcome<Seq2SeqReport> scratch = Runs.seq2seq(more, quiet).run(SparkTest.sc(),
                RunOptions.fresh(dir.resolve("scratch").toString()));
        assertThat(tuned.firstLoss()).as("a warm start begins where the base model ended").isLessThan(0.8 * scratch.firstLoss());
        assertThat(new ModelStore(Fs.local()).load(dir.resolve("tuned/model").toString()).provenance().warmStartedFrom())
                .isEqualTo(base);

        Path data = dir.resolve("drops");
        Files.createDirectories(data.resolve("dt=2026-11-20"));
        Files.copy(dir.resolve("train.tsv"), data.resolve("dt=2026-11-20/pairs.tsv"));
        Path registry = dir.resolve("registry");
        List<String> retrainSettings = settings(dir, dir.resolve("train.tsv").toString(), 2);
        RetrainJob.Result first = new RetrainJob(ConfigLoader.load(null, retrainSettings), quiet)
                .run(SparkTest.sc(), registry.toString(), data.toString());
        assertThat(first.version()).isEqualTo("v0001");
        assertThat(first.promoted()).isTrue();
        Files.createDirectories(data.resolve("dt=2026-11-21"));
        Files.copy(dir.resolve("more.tsv"), data.resolve("dt=2026-11-21/pairs.tsv"));
        RetrainJob.Result second = new RetrainJob(ConfigLoader.load(null, retrainSettings), quiet)
                .run(SparkTest.sc(), registry.toString(), data.toString());
        assertThat(second.version()).isEqualTo("v0002");
        VersionMeta v2 = new Registry(Fs.local(), Fs.local().qualify(registry.toString())).versions().get(1);
        assertThat(v2.parent()).isEqualTo("v0001");
        assertThat(v2.scoreUnit()).isEqualTo("WER");
        assertThat(v2.dataPartitions()).singleElement().asString().endsWith("dt=2026-11-21");
        assertThat(second.message()).contains("WER against v0001's");
    }
}
