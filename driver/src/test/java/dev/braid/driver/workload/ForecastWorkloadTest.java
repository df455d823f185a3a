package dev.braid.driver.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecast workload end to end on local[2] with 2 workers: conf/births.conf on the committed sample
 * (2012-2014), trained on the days before 2014-10-01 and scored from every origin from 2014-09-30 on,
 * horizon 7, beside the seasonal baselines and MLlib's gradient-boosted trees.
 */
@Tag("spark")
class ForecastWorkloadTest {
    private static final String SAMPLE = "../datasets/samples/us-births/births.csv";

    private static TrainingRun.Outcome<ForecastWorkload.Report> train(Path dir, String... sets) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        List<String> all = new ArrayList<>(List.of("data.train=" + SAMPLE, "data.test=" + SAMPLE, "forecast.horizon=7",
                "forecast.window=56", "forecast.testFrom=2014-10-01", "model.stack=[{type=features,name=in,width=0},{type=recurrent,name=rnn0,cell=lstm,hidden=24}]",
                "model.head.stepWeights.skipFirst=14", "training.epochs=6", "optimizer.learningRate=0.01"));
        all.addAll(List.of(sets));
        ConfigLoader.Loaded cfg = ConfigLoader.load("../conf/births.conf", all);
        return new TrainingRun<>(cfg, new ForecastWorkload(cfg.config(), quiet), quiet).run(SparkTest.sc(),
                RunOptions.fresh(dir.resolve("run").toString()));
    }

    @Test
    void aForecasterLearnsTheWeekAndIsScoredBesideTheBaselinesFromEveryOrigin(@TempDir Path dir) throws Exception {
        ForecastWorkload.Report r = train(dir).report();
        assertThat(r.origins()).isEqualTo(86);
        assertThat(r.errors().keySet()).containsExactly("model", "seasonal naive (weekly)", "same weekday 52 weeks earlier",
                "mean of the last 4 same weekdays", "MLlib gradient-boosted trees");
        // reference values: the same baselines over the same origins computed independently in plain Python
        // (float64 over the CSV's integers; see the closing note of the session that wrote this test)
        Map<String, Double[]> reference = Map.of(
                "seasonal naive (weekly)", new Double[] {5.892536516195584, 6.424830707668023},
                "same weekday 52 weeks earlier", new Double[] {4.015376711247887, 4.151000991750622},
                "mean of the last 4 same weekdays", new Double[] {5.2901174560681925, 5.787168474393045});
        reference.forEach((name, v) -> {
            assertThat((double) r.errors().get(name).get("smape")).as(name).isCloseTo(v[0], within(1e-9));
            assertThat((double) r.errors().get(name).get("mape")).as(name).isCloseTo(v[1], within(1e-9));
        });
        double model = (double) r.errors().get("model").get("smape");
        assertThat(model).as("the model's sMAPE").isLessThan(5.892536516195584);
        assertThat((double) r.errors().get("MLlib gradient-boosted trees").get("smape")).isBetween(0.5, 10.0);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("run/report.json").toFile());
        assertThat(json.get("errors").get("model").get("smapeByHorizon").size()).isEqualTo(7);
        assertThat(json.get("errors").get("model").get("smape").asDouble()).isEqualTo(model);
        assertThat(json.get("oneAhead").get("forecast").size()).isEqualTo(86);
        // the run report: the training curves and the forecast beside what happened
        assertThat(dev.braid.driver.report.ReportChecks.check(dir.resolve("run"))).contains("loss", "throughput", "forecast");
        forecastsTheDaysAfterTheSeries(dir);
    }

    /** braid forecast with the trained model: the 7 days after the sample's last, each inside its interval. */
    private static void forecastsTheDaysAfterTheSeries(Path dir) throws Exception {
        String modelDir = dir.resolve("run/model").toString();
        assertThat(dir.resolve("run/model/forecast.json")).exists();
        CapturedRun run = CapturedRun.of("forecast", "--model", modelDir, "--data", SAMPLE, "--output",
                dir.resolve("f.csv").toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("forecast 7 days after 2014-12-31; 90% intervals", "from the 365 days from 2013-12-25",
                "some of those were trained on, up to 2014-09-30");
        List<String> lines = Files.readAllLines(dir.resolve("f.csv"));
        assertThat(lines).hasSize(8);
        assertThat(lines.get(0)).isEqualTo("date,horizon,forecast,lower,upper");
        assertThat(lines.get(1)).startsWith("2015-01-01,1,");
        assertThat(lines.get(7)).startsWith("2015-01-07,7,");
        for (String line : lines.subList(1, 8)) {
            String[] v = line.split(",");
            double f = Double.parseDouble(v[2]);
            assertThat(f).as(line).isBetween(4000.0, 16000.0);
            assertThat(Double.parseDouble(v[3])).as(line).isLessThan(f);
            assertThat(Double.parseDouble(v[4])).as(line).isGreaterThan(f);
        }
        CapturedRun tooFar = CapturedRun.of("forecast", "--model", modelDir, "--data", SAMPLE, "--horizon", "8");
        assertThat(tooFar.code()).isEqualTo(2);
        assertThat(tooFar.err()).contains("--horizon 8: the model forecasts 1 to 7 days at once");
    }

    /**
     * A forecaster warm-started from another keeps its parent's scaling, and so does the run resumed from
     * its checkpoint (which carries forecast.json): the child trains on fewer days, whose own fit differs.
     */
    @Test
    void aWarmStartedForecasterResumesWithItsParentsScaling(@TempDir Path dir) throws Exception {
        train(dir.resolve("parent"), "training.epochs=1", "forecast.gbt=false");
        Path parent = dir.resolve("parent/run/model");
        List<String> child = new ArrayList<>(List.of("train", "../conf/births.conf", "--run-dir", dir.resolve("child").toString()));
        for (String set : List.of("data.train=" + SAMPLE, "data.test=" + SAMPLE, "forecast.horizon=7", "forecast.window=56",
                "forecast.testFrom=2014-06-01", "model.stack=[{type=features,name=in,width=0},{type=recurrent,name=rnn0,"
                + "cell=lstm,hidden=24}]", "model.head.stepWeights.skipFirst=14", "forecast.gbt=false",
                "training.epochs=1", "training.checkpointEvery=5")) {
            child.addAll(List.of("--set", set));
        }
        List<String> first = new ArrayList<>(child);
        first.addAll(List.of("--init-from", parent.toString()));
        CapturedRun warm = CapturedRun.of(first.toArray(String[]::new));
        assertThat(warm.code()).as(warm.err()).isZero();
        List<String> again = new ArrayList<>(child);
        again.addAll(List.of("--resume", "--set", "training.epochs=2"));
        CapturedRun resumed = CapturedRun.of(again.toArray(String[]::new));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("Resuming from");
        ObjectMapper json = new ObjectMapper();
        JsonNode before = json.readTree(parent.resolve("forecast.json").toFile()).get("scaling");
        JsonNode after = json.readTree(dir.resolve("child/model/forecast.json").toFile());
        assertThat(after.get("scaling")).isEqualTo(before);
        assertThat(after.get("lastTrainingDay").asText()).isEqualTo("2014-05-31");
    }

    /**
     * A set of related series: the sample's days split by weekday (forecast.series = day_of_week) are 7
     * weekly series, each scaled on its own, trained as one model; 4 weeks ahead from every week from
     * 2014-10-01, pooled over the set, beside the same baselines read in weeks.
     */
    @Test
    void theWeekdaysAreSevenWeeklySeriesForecastByOneModel(@TempDir Path dir) throws Exception {
        ForecastWorkload.Report r = train(dir, "forecast.series=day_of_week", "forecast.horizon=4", "forecast.window=26",
                "model.head.stepWeights.skipFirst=8", "training.epochs=8").report();
        assertThat(r.origins()).isEqualTo(71);
        // reference values: the same baselines over the same origins in plain Python (float64 over the CSV's
        // integers, each weekday's rows in date order; see the closing note of the session that wrote this test)
        Map<String, Double[]> reference = Map.of(
                "seasonal naive (weekly)", new Double[] {5.085227814742571, 5.282649810833106},
                "same weekday 52 weeks earlier", new Double[] {3.271726473199018, 3.2665743704478807},
                "mean of the last 4 same weekdays", new Double[] {4.825236481897048, 5.254721740321257});
        reference.forEach((name, v) -> {
            assertThat((double) r.errors().get(name).get("smape")).as(name).isCloseTo(v[0], within(1e-9));
            assertThat((double) r.errors().get(name).get("mape")).as(name).isCloseTo(v[1], within(1e-9));
        });
        double model = (double) r.errors().get("model").get("smape");
        System.out.println("weekday series: model sMAPE " + model + ", GBT "
                + r.errors().get("MLlib gradient-boosted trees").get("smape"));
        assertThat(model).as("the model's sMAPE").isLessThan(5.085227814742571);
        JsonNode saved = new ObjectMapper().readTree(dir.resolve("run/model/forecast.json").toFile());
        assertThat(saved.get("perSeries").size()).isEqualTo(7);
        assertThat(saved.get("perSeries").get("1").get("mean").asDouble())
                .as("Monday's level, not Sunday's").isNotEqualTo(saved.get("perSeries").get("7").get("mean").asDouble());

        CapturedRun run = CapturedRun.of("forecast", "--model", dir.resolve("run/model").toString(), "--data", SAMPLE);
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(1 + 7 * 4);
        assertThat(lines.get(0)).isEqualTo("series,date,horizon,forecast,lower,upper");
        // the sample ends on Wednesday 2014-12-31: Thursday's series (4) forecasts from 2015-01-01, weekly
        assertThat(lines).contains(lines.stream().filter(l -> l.startsWith("4,2015-01-01,1,")).findFirst().orElseThrow(),
                lines.stream().filter(l -> l.startsWith("4,2015-01-22,4,")).findFirst().orElseThrow());
        assertThat(run.err()).contains("series 3: forecast 4 rows (every 7 days) after 2014-12-31");
    }

    /**
     * The course's other forecasters as stacks: a causal Conv1D front-end before the LSTM, a WaveNet alone,
     * and the day's features (the holidays ahead among them) again before the output, beside the LSTM's state.
     */
    @Test
    void aConvolutionalFrontEndAWaveNetAndLateFeaturesForecastToo(@TempDir Path dir) {
        String conv = "model.stack=[{type=features,name=in,width=0},{type=conv1d,name=conv,filters=16,kernel=7},"
                + "{type=recurrent,name=rnn0,cell=lstm,hidden=24}]";
        String wavenet = "model.stack=[{type=features,name=in,width=0},{type=dense,name=proj,units=16},"
                + "{type=wavenet,name=wave,channels=16,kernel=2,dilations=[1,2,4,8,16]}]";
        String late = "model.stack=[{type=features,name=in,width=0},{type=recurrent,name=rnn0,cell=lstm,hidden=24},"
                + "{type=concat,name=late,width=0}]";
        for (String stack : List.of(conv, wavenet, late)) {
            String name = stack.contains("wavenet") ? "wavenet" : stack.contains("concat") ? "concat" : "conv";
            ForecastWorkload.Report r = train(dir.resolve(name), stack, "forecast.gbt=false").report();
            double model = (double) r.errors().get("model").get("smape");
            assertThat(model).as(name + ": the model's sMAPE").isLessThan(5.892536516195584);
        }
    }
}
