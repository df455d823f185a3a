package dev.braid.driver.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.cli.CapturedRun;
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
 * The course's teaching tasks, each its config file of layers on the one run lifecycle, trained on
 * local[2] with 2 workers: the embedded Reber grammar told from corruptions (seq2vec: embedding, GRU,
 * last-step pooling, sigmoid head), sine forecasting with a regression head and free-running generation,
 * and vec2seq (a dense encoding repeated over the steps of a GRU). Each report.json states its score.
 */
@Tag("spark")
class TeachingTasksTest {

    private static TrainingRun.Outcome<TeachingWorkload.Report> train(String conf, Path dir, String... sets) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        ConfigLoader.Loaded cfg = ConfigLoader.load(conf, List.of(sets));
        return new TrainingRun<>(cfg, new TeachingWorkload(cfg.config(), quiet), quiet).run(SparkTest.sc(),
                RunOptions.fresh(dir.resolve("run").toString()));
    }

    private static JsonNode report(Path dir) throws Exception {
        return new ObjectMapper().readTree(dir.resolve("run/report.json").toFile());
    }

    @Test
    void aGruToldEmbeddedReberStringsFromCorruptedOnes(@TempDir Path dir) throws Exception {
        TrainingRun.Outcome<TeachingWorkload.Report> run = train("../conf/reber.conf", dir);
        assertThat(run.report().scores().get("testAccuracy")).isGreaterThanOrEqualTo(0.99);
        assertThat(report(dir).get("scores").get("testAccuracy").asDouble()).isGreaterThanOrEqualTo(0.99);
        assertThat(report(dir).get("scores").get("testStrings").asInt()).isEqualTo(2000);
        CapturedRun inspect = CapturedRun.of("inspect", "--model", dir.resolve("run/model").toString());
        assertThat(inspect.out()).contains("pool", "mode=last", "sigmoid", "labels=1");
    }

    @Test
    void aStackForecastsSinesFarBetterThanTheNaiveForecastAndRunsFree(@TempDir Path dir) throws Exception {
        TrainingRun.Outcome<TeachingWorkload.Report> run = train("../conf/sine.conf", dir, "teaching.examples=4000",
                "training.epochs=6");
        var s = run.report().scores();
        assertThat(s.get("testMse")).isLessThan(0.4 * s.get("naiveMse"));
        assertThat(s.get("generatedMse")).isLessThan(0.25 * s.get("repeatLastMse"));
        assertThat(report(dir).get("scores").get("naiveMse").asDouble()).isGreaterThan(0.005);
    }

    @Test
    void aVectorBecomesItsWave(@TempDir Path dir) throws Exception {
        TrainingRun.Outcome<TeachingWorkload.Report> run = train("../conf/vec2seq.conf", dir, "teaching.examples=4000",
                "training.epochs=6");
        var s = run.report().scores();
        assertThat(s.get("zeroMse")).isBetween(0.4, 0.6);
        assertThat(s.get("testMse")).isLessThan(0.02);
    }
}
