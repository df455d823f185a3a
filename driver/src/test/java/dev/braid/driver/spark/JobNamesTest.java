package dev.braid.driver.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.run.RunOptions;
import dev.braid.driver.workload.Runs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Spark job of a run carries a job group and a description that say which run and phase it is
 * (what the Spark UI and the event log show), seen by a listener on local[2] during the copy task (whose
 * report runs no Spark job: the validation and report phases are named the same way).
 */
@Tag("spark")
class JobNamesTest {

    @Test
    void everyJobOfARunIsNamedAfterTheRunAndItsPhase(@TempDir Path dir) throws Exception {
        List<String[]> jobs = new CopyOnWriteArrayList<>();
        SparkListener listener = new SparkListener() {
            @Override public void onJobStart(SparkListenerJobStart start) {
                jobs.add(new String[] {start.properties().getProperty("spark.jobGroup.id"),
                    start.properties().getProperty("spark.job.description")});
            }
        };
        SparkTest.sc().sc().addSparkListener(listener);
        try {
            Runs.copy(ConfigLoader.load("../conf/copy-task.conf", List.of("copy.tokens=40000", "training.epochs=1")),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .run(SparkTest.sc(), RunOptions.fresh(dir.resolve("run").toString()));
            SparkTest.sc().sc().listenerBus().waitUntilEmpty();
        } finally {
            SparkTest.sc().sc().removeSparkListener(listener);
        }
        assertThat(jobs).isNotEmpty();
        assertThat(jobs).allSatisfy(j -> {
            assertThat(j[0]).as("group").startsWith("braid:copy:");
            assertThat(j[1]).as("description").startsWith("braid copy: ");
        });
        assertThat(jobs).anySatisfy(j -> assertThat(j[1]).isEqualTo("braid copy: preparing the data"));
        assertThat(jobs).anySatisfy(j -> assertThat(j[1]).matches("braid copy: epoch 1, round 1 \\(batches 1-\\d+ of \\d+\\)"));
        assertThat(jobs).anySatisfy(j -> assertThat(j[0]).isEqualTo("braid:copy:round-2"));
    }
}
