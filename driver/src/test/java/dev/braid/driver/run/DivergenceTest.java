package dev.braid.driver.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.driver.UserError;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.spark.SparkTest;
import dev.braid.driver.train.RoundReport;
import dev.braid.driver.train.RoundTask;
import dev.braid.driver.workload.CharLmReport;
import dev.braid.driver.workload.CharLmWorkload;
import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Divergence: a NaN reaches one partition's gradient in one round (through a test workload whose round
 * task hands that partition parameters poisoned with NaN; production code has no switch for it). The
 * worker stops the round and says so, the run rolls the round back to the last good averaged state,
 * halves the learning rate, logs it, and finishes with finite parameters. A NaN every round ends the
 * run after training.maxRollbacks with a clear error.
 */
@Tag("spark")
class DivergenceTest {
    private static final List<String> SETTINGS = List.of("data.train=../datasets/samples/sotu/train",
            "data.test=../datasets/samples/sotu/test", "model.embedding=8", "model.hidden=16", "training.batchSize=4",
            "training.seqLength=32", "training.averagingPeriod=10", "training.epochs=1", "eval.maxChars=200",
            "eval.sampleLength=0");

    /** Hands {@code partition} NaN parameters in the round starting at {@code fromBatch} (every time, or at full rate only). */
    record Poisoned(RoundTask<StreamBlock> inner, int partition, int fromBatch, boolean always) implements RoundTask<StreamBlock> {
        @Override public int batchesPerEpoch(int epoch) {
            return inner.batchesPerEpoch(epoch);
        }

        @Override public RoundResult train(StreamBlock block, RoundStart start, float[] rnnState, dev.braid.worker.kernel.DeviceChoice device) {
            if (block.partition() == partition && start.fromBatch() == fromBatch && (always || start.rateScale() == 1.0)) {
                float[] nan = new float[start.params().length];
                Arrays.fill(nan, Float.NaN);
                start = new RoundStart(nan, start.optimizerState(), start.iteration(), start.epoch(), start.fromBatch(),
                        start.toBatch(), start.rngSeed(), start.rateScale());
            }
            return inner.train(block, start, rnnState, device);
        }

        @Override public dev.braid.worker.train.TrainingSpec spec() {
            return inner.spec();
        }
    }

    /** The char-LM workload with its round task poisoned. */
    record PoisonedWorkload(CharLmWorkload inner, int fromBatch, boolean always) implements Workload<StreamBlock, CharLmReport> {
        @Override public Map<String, String> inputs() {
            return inner.inputs();
        }

        @Override public Prepared<StreamBlock> prepare(JavaSparkContext sc, Fs fs, List<String> train,
                                                       Optional<Map<String, Vocabulary>> vocabularies) {
            Prepared<StreamBlock> p = inner.prepare(sc, fs, train, vocabularies);
            return new Prepared<>(p.blocks(), new Poisoned(p.task(), 1, fromBatch, always), p.spec(), p.vocabularies(),
                    p.tokens(), p.fingerprint(), p.summary(), p.release());
        }

        @Override public dev.braid.worker.model.ModelSpec spec(Map<String, Vocabulary> vocabularies) {
            return inner.spec(vocabularies);
        }

        @Override public dev.braid.worker.model.ModelSpec.Units layers() {
            return inner.layers();
        }

        @Override public String describe(Prepared<StreamBlock> data, int parameters) {
            return inner.describe(data, parameters);
        }

        @Override public CharLmReport report(JavaSparkContext sc, Fs fs, Trained<StreamBlock> trained) {
            return inner.report(sc, fs, trained);
        }

        @Override public HeldOut heldOut(JavaSparkContext sc, Fs fs, SavedModel model) {
            return inner.heldOut(sc, fs, model);
        }
    }

    private static TrainingRun<StreamBlock, CharLmReport> run(boolean always, PrintStream out, String... extra) {
        List<String> all = new java.util.ArrayList<>(SETTINGS);
        all.addAll(List.of(extra));
        ConfigLoader.Loaded cfg = ConfigLoader.load("../conf/quickstart.conf", all);
        return new TrainingRun<>(cfg, new PoisonedWorkload(new CharLmWorkload(cfg.config(), out), 50, always), out);
    }

    @Test
    void aNanGradientIsRolledBackAtHalfTheRateAndTrainingFinishes(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        TrainingRun.Outcome<CharLmReport> out = run(false, new PrintStream(text, true, StandardCharsets.UTF_8))
                .run(SparkTest.sc(), RunOptions.fresh(dir.resolve("run").toString()));
        System.out.print(text.toString(StandardCharsets.UTF_8));

        assertThat(out.state().rollbacks()).isEqualTo(1);
        assertThat(out.state().rateScale()).isEqualTo(0.5);
        List<RoundReport> rolledBack = out.rounds().stream().filter(r -> !r.counts()).toList();
        assertThat(rolledBack).hasSize(1);
        assertThat(rolledBack.get(0).rolledBack()).contains("non-finite loss or gradient in partition 1 (batch 50)");
        // the round was trained again at half the rate and counts; every counted round is finite
        assertThat(out.counted()).filteredOn(r -> r.round() == rolledBack.get(0).round()).singleElement()
                .satisfies(r -> assertThat(r.rateScale()).isEqualTo(0.5));
        assertThat(out.counted()).allSatisfy(r -> assertThat(r.loss()).isFinite());
        assertThat(out.lastLoss()).isLessThan(out.firstLoss());
        for (float p : out.state().params()) {
            assertThat(p).isFinite();
        }
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("rolled back: non-finite loss or gradient in partition 1")
                .contains("Learning rate now 0.5 x the schedule");
        assertThat(Files.readString(dir.resolve("run/metrics.jsonl"))).contains("\"rolledBack\":\"non-finite loss");
        assertThat(Files.readString(dir.resolve("run/metrics.jsonl"))).contains("\"rateScale\":0.5");
        assertThat(dir.resolve("run/model/params.bin")).exists();
    }

    @Test
    void aNanEveryTimeStopsTheRunAfterMaxRollbacks(@TempDir Path dir) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> run(true, quiet, "training.maxRollbacks=2")
                .run(SparkTest.sc(), RunOptions.fresh(dir.resolve("run").toString())))
                .isInstanceOf(UserError.class).hasMessageContaining("Training diverged at round")
                .hasMessageContaining("after 2 rollback(s)").hasMessageContaining("training.maxRollbacks=2")
                .hasMessageContaining("--resume");
        assertThat(dir.resolve("run/checkpoints")).as("the last good state is checkpointed").isNotEmptyDirectory();
        assertThat(dir.resolve("run/model")).doesNotExist();
    }
}
