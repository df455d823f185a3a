package dev.braid.driver.workload;

import dev.braid.driver.run.TrainingRun;
import dev.braid.driver.run.RunOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
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
 * Same seed + config + data + worker count, same result, bit for bit: two seq2seq runs one after the
 * other in one Spark context (so RDD ids, JIT state and cached loops differ) must leave identical
 * parameters and identical per-round losses. This caught batches cut from a sampled range partitioner
 * and transcendental functions that rounded differently before and after JIT compilation. A run
 * stopped and resumed from a checkpoint must end where an uninterrupted one ends.
 */
@Tag("spark")
class DeterminismTest {

    @Test
    void twoRunsGiveIdenticalParametersAndLosses(@TempDir Path dir) throws Exception {
        Seq2SeqJobTest.writeDates(dir.resolve("train.tsv"), 3000, 1);
        Seq2SeqJobTest.writeDates(dir.resolve("valid.tsv"), 100, 2);
        float[][] params = new float[2][];
        String[] metrics = new String[2];
        for (int run = 0; run < 2; run++) {
            ConfigLoader.Loaded cfg = ConfigLoader.load(null, List.of("name=dates", "workload=seq2seq", "data.format=tsv",
                    "data.train=" + dir.resolve("train.tsv"), "data.validation=" + dir.resolve("valid.tsv"),
                    "data.test=" + dir.resolve("valid.tsv"), "seq2seq.targetTokens=chars", "model.embedding=16",
                    "model.hidden=32", "model.dropout=0.1", "seq2seq.encoderLayers=1", "seq2seq.decoderLayers=1",
                    "seq2seq.tokensPerBatch=1100", "seq2seq.beam=1", "training.averagingPeriod=4", "training.epochs=2"));
            Runs.seq2seq(cfg, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .run(SparkTest.sc(), RunOptions.of(dir.resolve("run" + run).toString(), false));
            params[run] = new ModelStore(Fs.local()).load(dir.resolve("run" + run + "/model").toString()).params();
            metrics[run] = String.join("\n", Files.readAllLines(dir.resolve("run" + run + "/metrics.jsonl")).stream()
                    .map(l -> l.replaceAll(".*\"loss\":([-0-9.Ee]+).*", "$1")).toList());
        }
        assertThat(metrics[1]).isEqualTo(metrics[0]);
        assertThat(params[1]).containsExactly(params[0]);
    }

    /**
     * A seq2seq run stopped and resumed from a checkpoint in the middle of an epoch ends where an
     * uninterrupted run ends: same parameters, same losses, same validation history and the same
     * model chosen, because the model selection's state (scores, best and recent parameters) travels
     * in the checkpoint.
     */
    @Test
    void resumedSeq2SeqRunEqualsUninterruptedRun(@TempDir Path dir) throws Exception {
        List<String> common = dates(dir, "seq2seq.averageLast=2", "seq2seq.patience=10", "optimizer.decay=inverse-sqrt");
        TrainingRun.Outcome<Seq2SeqReport> straight = job(common, 3).run(SparkTest.sc(), RunOptions.of(dir.resolve("a").toString(), false));
        job(common, 2).run(SparkTest.sc(), RunOptions.of(dir.resolve("b").toString(), false));
        // drop the checkpoint of epoch 2's end: the run resumes from one in the middle of epoch 2
        java.io.File[] kept = dir.resolve("b/checkpoints").toFile().listFiles();
        java.util.Arrays.sort(kept);
        assertThat(kept).hasSize(2);
        org.apache.commons.io.FileUtils.deleteDirectory(kept[1]);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        TrainingRun.Outcome<Seq2SeqReport> resumed = Runs.seq2seq(ConfigLoader.load(null, with(common, "training.epochs=3")),
                new PrintStream(text, true, StandardCharsets.UTF_8)).run(SparkTest.sc(), RunOptions.of(dir.resolve("b").toString(), true));

        assertThat(text.toString(StandardCharsets.UTF_8)).containsPattern("Resuming from round \\d+ \\(epoch 2, batch [1-9]");
        assertThat(resumed.report().rounds()).isEqualTo(straight.report().rounds());
        assertThat(params(dir.resolve("b/model"))).containsExactly(params(dir.resolve("a/model")));
        assertThat(losses(dir.resolve("b/metrics.jsonl"))).isEqualTo(losses(dir.resolve("a/metrics.jsonl")));
        assertThat(resumed.report().validation()).extracting(e -> e.epoch() + " " + e.trainLoss() + " "
                + e.validation().wer() + " " + e.validation().per()).containsExactlyElementsOf(straight.report().validation()
                .stream().map(e -> e.epoch() + " " + e.trainLoss() + " " + e.validation().wer() + " " + e.validation().per())
                .toList());
        assertThat(resumed.report().selected()).isEqualTo(straight.report().selected());
        // the training time of the first part counts: a 3-epoch run reports the time of all 3 epochs
        java.util.List<Double> elapsed = Files.readAllLines(dir.resolve("b/metrics.jsonl")).stream()
                .map(l -> Double.valueOf(l.replaceAll(".*\"elapsedSeconds\":([-0-9.Ee]+).*", "$1"))).toList();
        assertThat(elapsed).isSorted();
        assertThat(resumed.report().trainSeconds()).isGreaterThan(elapsed.get(elapsed.size() - 1));
    }

    /**
     * An elastic resume of an encoder-decoder: a 2-worker run's checkpoint from the middle of epoch 2 resumes on
     * 3 workers. The batches are the same, dealt anew; the checkpoint's fingerprint is recomputed for its own
     * dealing (2 workers) and must match, and the cursor moves to the same share of the epoch. Not bit-identical
     * (other batches meet in each average, and the rest of epoch 2 is the new dealing's), so the test checks that
     * the run goes on from the checkpoint (its rounds before it are the 2-worker run's), each epoch after it has
     * the 3-worker dealing's length, and it ends within 10% of the uninterrupted run's training loss.
     */
    @Test
    void anElasticResumeDealsTheBatchesToThreeWorkers(@TempDir Path dir) throws Exception {
        List<String> common = dates(dir);
        TrainingRun.Outcome<Seq2SeqReport> straight = job(common, 3).run(SparkTest.sc(), RunOptions.of(dir.resolve("a").toString(), false));
        job(common, 2).run(SparkTest.sc(), RunOptions.of(dir.resolve("b").toString(), false));
        java.io.File[] kept = dir.resolve("b/checkpoints").toFile().listFiles();
        java.util.Arrays.sort(kept);
        org.apache.commons.io.FileUtils.deleteDirectory(kept[1]);
        long from = Long.parseLong(kept[0].getName().substring("round-".length()));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        List<String> three = with(with(common, "training.epochs=3"), "training.workers=3");
        TrainingRun.Outcome<Seq2SeqReport> resumed = Runs.seq2seq(ConfigLoader.load(null, three),
                new PrintStream(text, true, StandardCharsets.UTF_8)).run(SparkTest.sc(), RunOptions.of(dir.resolve("b").toString(), true));

        String said = text.toString(StandardCharsets.UTF_8);
        assertThat(said).contains("Elastic resume: the checkpoint's 2 workers' data and carried state dealt to 3 workers")
                .containsPattern("Resuming from round " + from + " \\(epoch 2, batch [1-9]");
        List<String> lines = Files.readAllLines(dir.resolve("b/metrics.jsonl"));
        List<String> straightLines = Files.readAllLines(dir.resolve("a/metrics.jsonl"));
        java.util.function.Function<String, String> batches = l -> l.replaceAll(".*\"batchesInEpoch\":(\\d+).*", "$1");
        assertThat(lines.subList(0, (int) from)).extracting(l -> l.replaceAll(".*\"loss\":([-0-9.Ee]+).*", "$1"))
                .containsExactlyElementsOf(straightLines.subList(0, (int) from).stream()
                        .map(l -> l.replaceAll(".*\"loss\":([-0-9.Ee]+).*", "$1")).toList());
        assertThat(batches.apply(lines.get(lines.size() - 1))).as("epoch 3 is dealt to 3 workers")
                .isNotEqualTo(batches.apply(lines.get(0)));
        assertThat(resumed.report().validation()).hasSize(3);
        double end = resumed.report().validation().get(2).trainLoss();
        double uninterrupted = straight.report().validation().get(2).trainLoss();
        System.out.printf("elastic seq2seq resume: epoch-3 train loss %.4f (uninterrupted, 2 workers: %.4f)%n", end,
                uninterrupted);
        assertThat(end).isCloseTo(uninterrupted, org.assertj.core.data.Percentage.withPercentage(10));
    }

    /** The dates task written into {@code dir} and a small encoder-decoder config for it, with {@code extra}. */
    private static List<String> dates(Path dir, String... extra) throws Exception {
        Seq2SeqJobTest.writeDates(dir.resolve("train.tsv"), 3000, 1);
        Seq2SeqJobTest.writeDates(dir.resolve("valid.tsv"), 100, 2);
        List<String> all = new java.util.ArrayList<>(List.of("name=dates", "workload=seq2seq", "data.format=tsv",
                "data.train=" + dir.resolve("train.tsv"), "data.validation=" + dir.resolve("valid.tsv"),
                "data.test=" + dir.resolve("valid.tsv"), "seq2seq.targetTokens=chars", "model.embedding=16",
                "model.hidden=32", "model.dropout=0.1", "seq2seq.encoderLayers=1", "seq2seq.decoderLayers=1",
                "seq2seq.tokensPerBatch=1100", "seq2seq.beam=1", "training.averagingPeriod=4", "training.checkpointEvery=3"));
        all.addAll(List.of(extra));
        return all;
    }

    private static TrainingRun<dev.braid.worker.data.BatchSet, Seq2SeqReport> job(List<String> common, int epochs) {
        return Runs.seq2seq(ConfigLoader.load(null, with(common, "training.epochs=" + epochs)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static List<String> with(List<String> base, String extra) {
        List<String> all = new java.util.ArrayList<>(base);
        all.add(extra);
        return all;
    }

    private static float[] params(Path model) {
        return new ModelStore(Fs.local()).load(model.toString()).params();
    }

    private static String losses(Path metrics) throws java.io.IOException {
        return String.join("\n", Files.readAllLines(metrics).stream()
                .map(l -> l.replaceAll(".*\"loss\":([-0-9.Ee]+).*", "$1")).toList());
    }
}
