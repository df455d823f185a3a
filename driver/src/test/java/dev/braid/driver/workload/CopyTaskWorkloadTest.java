package dev.braid.driver.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.run.RunOptions;
import dev.braid.driver.run.TrainingRun;
import dev.braid.driver.spark.SparkTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy task, a workload of one class and a config file (conf/copy-task.conf), through the one run
 * lifecycle: a key must be reproduced after up to 20 fillers, i.e. one or two 10-step segments and
 * sometimes an averaging round later. Stateful training reaches 95% at the dependent positions
 * farther than one segment from their key; stateless training, which cannot see across a segment
 * boundary, stays near chance (25%).
 */
@Tag("spark")
class CopyTaskWorkloadTest {

    private static TrainingRun.Outcome<CopyTaskWorkload.Report> train(Path run, String... sets) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        TrainingRun.Outcome<CopyTaskWorkload.Report> out = Runs.copy(ConfigLoader.load("../conf/copy-task.conf",
                List.of(sets)), new PrintStream(text, true, StandardCharsets.UTF_8))
                .run(SparkTest.sc(), RunOptions.fresh(run.toString()));
        System.out.print(text.toString(StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void onlyCarriedStateLearnsDependenciesAcrossSegmentsAndRounds(@TempDir Path dir) {
        TrainingRun.Outcome<CopyTaskWorkload.Report> stateful = train(dir.resolve("stateful"));
        TrainingRun.Outcome<CopyTaskWorkload.Report> stateless = train(dir.resolve("stateless"), "training.stateful=false");
        assertThat(stateful.report().positions()).isGreaterThan(200);
        assertThat(stateful.report().longRangeAccuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(stateless.report().longRangeAccuracy()).isLessThan(0.45);
        assertThat(dir.resolve("stateful/report.json")).exists();
        assertThat(dir.resolve("stateful/model/manifest.sha256")).exists();
    }

    /**
     * The whole run with a pipeline placement (config -> each task's pipelined model, as scripts/braid
     * runs it): stateful training of a 2-layer model split in two stages ends where the unsplit run
     * ends, to float rounding, for the micro-batch and the wavefront schedules (and not bit for bit: the
     * tasks did split the model).
     */
    @Test
    void aPipelinedRunEndsWhereTheWholeModelRunEnds(@TempDir Path dir) {
        String[] small = {"copy.tokens=20000", "model.layers=2", "optimizer.type=sgd", "optimizer.learningRate=0.5"};
        TrainingRun.Outcome<CopyTaskWorkload.Report> whole = train(dir.resolve("whole"), small);
        for (String schedule : new String[] {"1f1b", "wavefront"}) {
            String[] piped = java.util.stream.Stream.concat(java.util.Arrays.stream(small), java.util.stream.Stream.of(
                    "placement.stages=[[embed, rnn0], [rnn1, out]]", "placement.schedule=" + schedule,
                    "placement.microBatches=4")).toArray(String[]::new);
            TrainingRun.Outcome<CopyTaskWorkload.Report> split = train(dir.resolve(schedule), piped);
            assertThat(split.state().iteration()).isEqualTo(whole.state().iteration()).isGreaterThan(50);
            float[] a = whole.state().params();
            float[] b = split.state().params();
            double worst = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
            assertThat(worst).as(schedule + ": largest parameter difference").isLessThan(1e-4)
                    // not bit-identical: the tasks did run the pipeline (its sums round in another order)
                    .isGreaterThan(0);
        }
    }

    /** Issue 26, elastic workers: a workload without an elastic dealing refuses another worker count by name. */
    @Test
    void aResumeOnAnotherNumberOfWorkersIsRefusedWhereTheWorkloadCannotRedeal(@TempDir Path dir) {
        String[] small = {"copy.tokens=20000", "training.epochs=1"};
        train(dir.resolve("run"), small);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Runs.copy(ConfigLoader.load("../conf/copy-task.conf",
                List.of("copy.tokens=20000", "training.epochs=2", "training.workers=4", "training.batchSize=" + (2 * batch()
                        / 4))), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(SparkTest.sc(), RunOptions.of(dir.resolve("run").toString(), true)))
                .isInstanceOf(dev.braid.driver.UserError.class).hasMessageContaining("was written by 2 workers")
                .hasMessageContaining("--set training.workers=2");
    }

    private static int batch() {
        return ConfigLoader.load("../conf/copy-task.conf", List.of()).config().training().batchSize();
    }
}
