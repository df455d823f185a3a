package dev.braid.driver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.cli.CapturedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled retraining of a forecaster through {@code braid retrain} on local[2]: the committed births
 * sample (2012-2014) arrives as dated partitions; each version trains on every partition through the
 * newest (a window reaches back over the history), warm-started from the current version with its
 * scaling kept, and is scored on the fixed held-out rolling origin from 2014-10-01. A partition that
 * leaves a day out is refused with its file and line before Spark starts, and the registry is untouched.
 */
@Tag("spark")
class ForecastRetrainTest {
    private static final Path SAMPLE = Path.of("../datasets/samples/us-births/births.csv");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes the sample's header and the rows {@code keep} accepts (by "year,month,day") as one partition. */
    private static void drop(Path data, String date, Predicate<String> keep) throws Exception {
        List<String> lines = Files.readAllLines(SAMPLE);
        List<String> out = new ArrayList<>(List.of(lines.get(0)));
        lines.subList(1, lines.size()).stream().filter(keep).forEach(out::add);
        Path dir = Files.createDirectories(data.resolve("dt=" + date));
        Files.write(dir.resolve("births.csv"), out);
    }

    private static CapturedRun retrain(Path registry, Path data) {
        CapturedRun run = CapturedRun.of("retrain", "--registry", registry.toString(), "--data", data.toString(),
                "--config", "../conf/births.conf", "--set", "data.test=" + SAMPLE, "--set", "forecast.horizon=7",
                "--set", "forecast.window=56", "--set", "forecast.testFrom=2014-10-01", "--set", "forecast.gbt=false",
                "--set", "model.stack=[{type=features,name=in,width=0},{type=recurrent,name=rnn0,cell=lstm,hidden=16}]",
                "--set", "model.head.stepWeights.skipFirst=14", "--set", "training.epochs=3",
                "--set", "optimizer.learningRate=0.01", "--set", "retrain.tolerance=0.05");
        System.out.println(run.out() + run.err());
        return run;
    }

    private static JsonNode json(Path file) throws Exception {
        return JSON.readTree(file.toFile());
    }

    @Test
    void retrainsOnTheWholeHistoryKeepsTheScalingAndRefusesAGap(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path registry = dir.resolve("registry");
        drop(data, "2012-12-31", l -> l.startsWith("2012,"));
        CapturedRun first = retrain(registry, data);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("Promoted v0001: first version");
        JsonNode v1 = json(registry.resolve("versions/v0001/forecast.json"));
        assertThat(v1.get("lastTrainingDay").asText()).isEqualTo("2012-12-31");

        drop(data, "2013-12-31", l -> l.startsWith("2013,"));
        CapturedRun second = retrain(registry, data);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("Retraining v0002 on [dt=2012-12-31, dt=2013-12-31] (new: [dt=2013-12-31]) from v0001");
        JsonNode v2 = json(registry.resolve("versions/v0002/forecast.json"));
        assertThat(v2.get("lastTrainingDay").asText()).isEqualTo("2013-12-31");
        assertThat(v2.get("scaling")).as("a warm start keeps its parent's scaling").isEqualTo(v1.get("scaling"));
        JsonNode meta = json(registry.resolve("versions/v0002/version.json"));
        assertThat(meta.get("dataPartitions")).hasSize(2);
        assertThat(meta.get("scoreUnit").asText()).isEqualTo("% sMAPE");
        double score = meta.get("score").asDouble();
        double parent = meta.get("parentScore").asDouble();
        assertThat(score).isBetween(0.5, 20.0);
        assertThat(meta.get("promote").asBoolean()).as(second.out()).isEqualTo(score <= parent * 1.05);
        String current = Files.readString(registry.resolve("current")).trim();

        // 2014 without its first four days: refused before Spark starts, nothing written
        drop(data, "2014-09-30", l -> l.startsWith("2014,") && !l.matches("2014,1,[1-4],.*") && monthBefore10(l));
        CapturedRun gap = retrain(registry, data);
        assertThat(gap.code()).isEqualTo(2);
        assertThat(gap.err()).contains("dt=2014-09-30/births.csv:2").contains("2014-01-05").contains("forecast.gaps");
        assertThat(registry.resolve("runs/v0003")).doesNotExist();
        assertThat(Files.readString(registry.resolve("current")).trim()).isEqualTo(current);

        drop(data, "2014-09-30", l -> l.startsWith("2014,") && monthBefore10(l));
        CapturedRun third = retrain(registry, data);
        assertThat(third.code()).as(third.err()).isZero();
        assertThat(json(registry.resolve("versions/v0003/forecast.json")).get("lastTrainingDay").asText())
                .isEqualTo("2014-09-30");
        CapturedRun forecast = CapturedRun.of("forecast", "--model", registry.resolve("versions/v0003").toString(),
                "--data", data.toString());
        assertThat(forecast.code()).as(forecast.err()).isZero();
        assertThat(forecast.out()).startsWith("date,horizon,forecast,lower,upper").contains("2014-10-01,1,");
    }

    private static boolean monthBefore10(String line) {
        return Integer.parseInt(line.split(",")[1]) < 10;
    }
}
