package dev.braid.driver.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.cli.CapturedRun;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.run.RunOptions;
import dev.braid.driver.run.TrainingRun;
import dev.braid.driver.spark.SparkTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workloads Braid was born with train any stack of layers from config: a stateful character model
 * of a causal convolution, a peephole LSTM and a dense layer, its units split into a wavefront pipeline
 * (the convolution's carried inputs flow from chunk to chunk), and an encoder-decoder written out as
 * layers; each saved model loads and decodes from the CLI.
 */
@Tag("spark")
class StackedWorkloadsTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void aStackOfConvolutionAndLstmTrainsAStatefulCharacterModelInAWavefrontPipeline(@TempDir Path dir) {
        ConfigLoader.Loaded cfg = ConfigLoader.load("../conf/quickstart.conf", List.of(
                "data.train=../datasets/samples/sotu/train", "data.test=../datasets/samples/sotu/test",
                "model.stack=[{type=embedding, name=embed, dim=12}, {type=conv1d, name=conv, filters=16, kernel=3, "
                        + "dilation=2, activation=tanh}, {type=recurrent, name=lstm, hidden=32, peephole=true}, "
                        + "{type=dense, name=proj, units=24, activation=tanh}]",
                "placement.stages=[[embed, conv], [lstm, proj, out]]", "placement.schedule=wavefront",
                "placement.microBatches=4", "training.batchSize=8", "training.seqLength=32", "training.epochs=1",
                "eval.maxChars=500", "eval.sampleLength=20"));
        TrainingRun.Outcome<CharLmReport> out = Runs.charLm(cfg, QUIET).run(SparkTest.sc(),
                RunOptions.fresh(dir.resolve("run").toString()));
        assertThat(out.lastLoss()).isLessThan(0.8 * out.firstLoss());
        String model = dir.resolve("run/model").toString();
        CapturedRun sample = CapturedRun.of("generate", "--model", model, "--length", "30");
        assertThat(sample.code()).as(sample.err()).isZero();
        assertThat(sample.out().strip()).isNotEmpty();
        CapturedRun inspect = CapturedRun.of("inspect", "--model", model);
        assertThat(inspect.out()).contains("conv1d", "padding=causal", "dilation=2", "peephole=true", "proj");
    }

    @Test
    void anEncoderDecoderWrittenAsLayersTrainsAndTranslates(@TempDir Path dir) throws Exception {
        Seq2SeqJobTest.writeDates(dir.resolve("train.tsv"), 3000, 1);
        Seq2SeqJobTest.writeDates(dir.resolve("valid.tsv"), 60, 2);
        Seq2SeqJobTest.writeDates(dir.resolve("test.tsv"), 60, 3);
        ConfigLoader.Loaded cfg = ConfigLoader.load(null, List.of("name=dates", "workload=seq2seq", "data.format=tsv",
                "data.train=" + dir.resolve("train.tsv"), "data.validation=" + dir.resolve("valid.tsv"),
                "data.test=" + dir.resolve("test.tsv"), "seq2seq.targetTokens=chars", "seq2seq.tokensPerBatch=1100",
                "model.encoder=[{type=embedding, name=src, dim=16}, {type=bidirectional, name=enc, layer={cell=gru, "
                        + "hidden=24}}]",
                "model.stack=[{type=embedding, name=tgt, dim=16}, {type=recurrent, name=dec, cell=gru, hidden=32, "
                        + "bridge=dec.bridge}, {type=attention, name=att, score=bahdanau}]",
                "training.epochs=6", "optimizer.learningRate=0.006", "seq2seq.beam=2"));
        TrainingRun.Outcome<Seq2SeqReport> out = Runs.seq2seq(cfg, QUIET).run(SparkTest.sc(),
                RunOptions.fresh(dir.resolve("run").toString()));
        assertThat(out.lastLoss()).isLessThan(0.5 * out.firstLoss());
        Files.write(dir.resolve("in.txt"), List.of("March 3, 1999", "12/01/1975"));
        CapturedRun tr = CapturedRun.of("translate", "--model", dir.resolve("run/model").toString(), "--input",
                dir.resolve("in.txt").toString(), "--output", dir.resolve("out.txt").toString(), "--beam", "2");
        assertThat(tr.code()).as(tr.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out.txt"))).hasSize(2);
    }
}
