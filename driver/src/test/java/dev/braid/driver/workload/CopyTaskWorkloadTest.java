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
}
