package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigError;
import dev.braid.driver.config.DataConfig;
import dev.braid.driver.config.ForecastConfig;
import dev.braid.driver.config.StackBinder;
import dev.braid.driver.data.SeriesReader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.Json;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.run.Prepared;
import dev.braid.driver.run.Workload;
import dev.braid.worker.data.BatchSet;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.forecast.ForecastInputs;
import dev.braid.worker.forecast.ForecastWindows;
import dev.braid.worker.forecast.Scaling;
import dev.braid.worker.forecast.Series;
import dev.braid.worker.kernel.RegressionLoss;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.random.Seeds;
import dev.braid.worker.stack.FeaturesSpec;
import dev.braid.worker.stack.RegressionSpec;
import dev.braid.worker.stack.StepWeights;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Forecasting a daily series (workload {@code forecast}): the days of {@code data.train} before
 * {@code forecast.testFrom}, scaled on those days, cut into windows in which every day predicts the next
 * {@code forecast.horizon} days, batches dealt to the workers in turn and trained as shuffled examples;
 * the model is the config's stack with a regression head of H outputs. The report forecasts
 * {@code data.test} from every origin of the test period (a rolling origin) beside the seasonal baselines
 * and MLlib's gradient-boosted trees, scored by sMAPE and MAPE per horizon ({@code report.json}). With
 * {@code forecast.series} the data is a set of regular series (e.g. one a weekday, a row a week), each
 * scaled on its own, their windows trained together and their errors pooled. A warm start (a retrain,
 * --init-from) and a resumed run keep the scaling they began with.
 */
public final class ForecastWorkload implements Workload<BatchSet, ForecastWorkload.Report> {
    private final BraidConfig cfg;
    private final ForecastConfig f;
    private final PrintStream out;
    /** The training series as prepared (its scaling is saved with the model; the report reads it again). */
    private Training prepared;
    /** The scalings of the model a warm start continues (null: fitted on the training rows). */
    private SavedForecast kept;

    /** What a forecasting run reports: each forecaster's errors over the test origins, the model's first. */
    public record Report(String name, String testFrom, int horizon, int origins, Map<String, Map<String, Object>> errors,
                         double trainSeconds, long rounds, RollingOrigin.Trace oneAhead) {
    }

    public ForecastWorkload(BraidConfig cfg, PrintStream out) {
        this.cfg = cfg;
        this.f = cfg.forecast();
        this.out = out;
    }

    @Override public Map<String, String> inputs() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("data.train", cfg.data().train());
        in.put("data.test", cfg.data().test());
        return in;
    }

    /** Reads both series and binds the model now, so a bad line or a model that does not fit is refused before Spark starts. */
    @Override public void preflight(Fs fs) {
        spec(Map.of());
        training(fs, List.of(cfg.data().train()));
        test(fs);
    }

    /**
     * The training series of {@code locations} (one, or a set), each one's index of its first test row (its
     * rows before are trained on) and scaling.
     */
    private record Training(List<Series> all, int[] ends, List<Scaling> scalings, int filled) {
        Series first() {
            return all.get(0);
        }

        int rows() {
            return java.util.Arrays.stream(ends).sum();
        }
    }

    private Training training(Fs fs, List<String> locations) {
        SeriesReader.Read read = SeriesReader.read(fs, f, "train", locations, parquet());
        int[] ends = new int[read.all().size()];
        List<Scaling> scalings = new ArrayList<>();
        for (int i = 0; i < ends.length; i++) {
            Series s = read.all().get(i);
            int end = Math.max(0, Math.min(s.days(), s.indexOf(f.testDay())));
            if (end < f.firstOrigin() + 1 + f.horizon()) {
                throw new UserError("data.train " + read.source() + named(s) + " holds " + end + (s.step() == 1 ? " day(s)" : " row(s)") + " before "
                        + "forecast.testFrom = " + f.testFrom() + " (from " + s.first() + "); a training window needs "
                        + "forecast.window + forecast.horizon = " + (f.window() + f.horizon()) + (f.lags().isEmpty() ? ""
                        : " after the rows forecast.lags = " + f.lags() + " reach back") + ". Give a longer series, a later "
                        + "testFrom or a shorter window.");
            }
            ends[i] = end;
            scalings.add(kept != null ? kept.scaling(s.name(), "the model training starts from") : Scaling.fit(s, end, f.log()));
        }
        return new Training(read.all(), ends, scalings, read.filled());
    }

    /** ", series KEY" where the data is a set of series. */
    private String named(Series s) {
        return f.series().isEmpty() ? "" : ", series " + s.name() + ",";
    }

    private List<Series> test(Fs fs) {
        SeriesReader.Read read = SeriesReader.read(fs, f, "test", List.of(cfg.data().test()), parquet());
        for (Series s : read.all()) {
            int first = s.indexOf(f.testDay()) - 1;
            if (first < f.firstOrigin() || first + f.horizon() >= s.days()) {
                throw new UserError("data.test " + cfg.data().test() + named(s) + " (" + s.first() + " to "
                        + s.day(s.days() - 1) + ") must hold the " + (f.firstOrigin() + 1) + " rows (forecast.window = "
                        + f.window() + " and the rows forecast.lags = " + f.lags() + " reach back) before forecast.testFrom = "
                        + f.testFrom() + " and at least forecast.horizon = " + f.horizon() + " rows from it. Give the whole "
                        + "series there.");
            }
        }
        return read.all();
    }

    private boolean parquet() {
        return cfg.data().format() == DataConfig.Format.PARQUET;
    }

    @Override public Prepared<BatchSet> prepare(JavaSparkContext sc, Fs fs, List<String> train,
                                                Optional<Map<String, Vocabulary>> vocabularies) {
        Training t = training(fs, train);
        prepared = t;
        int workers = cfg.training().workers();
        List<ForecastInputs> inputs = new ArrayList<>();
        for (int i = 0; i < t.all().size(); i++) {
            inputs.add(f.inputs(t.all().get(i), t.scalings().get(i)));
        }
        List<Batch> batches = ForecastWindows.training(inputs, t.ends(), f.window(), f.stride(),
                cfg.training().batchSize(), Seeds.windowOrder(cfg.seed()));
        DealtBatches dealt = DealtBatches.of(sc, batches, workers);
        String what = t.all().size() == 1 ? String.format(Locale.ROOT, "%,d days from %s, %,d", t.first().days(),
                t.first().first(), t.rows()) : String.format(Locale.ROOT, "%d series (%s) of a row every %d days, %,d rows "
                + "from %s, %,d", t.all().size(), String.join(", ", t.all().stream().map(Series::name).toList()),
                t.first().step(), t.all().stream().mapToInt(Series::days).sum(), t.first().first(), t.rows());
        String summary = String.format(Locale.ROOT, "Series %s: %s before %s trained on%s; %,d windows "
                + "of %d rows (every %d) in %,d batches, %d workers", sources(train), what, f.testFrom(),
                t.filled() == 0 ? "" : " (" + t.filled() + " missing rows filled)",
                batches.stream().mapToInt(Batch::rows).sum(), f.window(), f.stride(), batches.size(), workers);
        return dealt.prepared(cfg, spec(Map.of()), summary);
    }

    /** The training data's locations, the first and last of many (a retrain's dated partitions). */
    private static String sources(List<String> train) {
        return train.size() <= 2 ? String.join(", ", train)
                : train.get(0) + " to " + train.get(train.size() - 1) + " (" + train.size() + " partitions)";
    }

    /** A warm start (a retrain, --init-from) keeps the parent's scaling: its parameters were trained on inputs scaled so. */
    @Override public void continueFrom(Map<String, byte[]> files) {
        SavedForecast parent = SavedForecast.in(files, "the warm start");
        if (parent == null) {
            throw new UserError("The model training starts from has no " + SavedForecast.FILE + ": it is not a forecaster's. "
                    + "Warm-start a forecaster from a forecasting run's model/ or a forecasting registry.");
        }
        if (parent.scaling().log() != f.log()) {
            throw new ConfigError("forecast.log = " + f.log() + " but the model training starts from was trained with log = "
                    + parent.scaling().log() + "; set forecast.log as it was.");
        }
        kept = parent;
    }

    /** A forecaster's windows reach back over the history: a retrain trains on every partition through the newest. */
    @Override public List<String> retrainData(List<String> all, List<String> fresh) {
        return all;
    }

    @Override public List<String> modelFileNames() {
        return List.of(SavedForecast.FILE);
    }

    @Override public Map<String, byte[]> modelFiles() {
        Training t = prepared;
        String last = "";
        for (int i = 0; i < t.all().size(); i++) {
            String day = t.all().get(i).day(t.ends()[i] - 1).toString();
            last = day.compareTo(last) > 0 ? day : last;
        }
        return Map.of(SavedForecast.FILE, SavedForecast.of(t.all().stream().map(Series::name).toList(), t.scalings(), last)
                .bytes());
    }

    @Override public ModelSpec.Units layers() {
        return StackBinder.units(cfg.model(), "out");
    }

    @Override public ModelSpec spec(Map<String, Vocabulary> vocabularies) {
        int width = f.width();
        ModelSpec spec = StackBinder.bind(cfg.model(), new StackBinder.Sizes(0, 0, width, f.horizon()),
                new RegressionSpec("out", f.horizon(), RegressionLoss.MSE, 1, StepWeights.NONE));
        return fits(spec, width);
    }

    /** {@code spec} if it reads {@code width} numbers a day and forecasts the horizon, else the error and the fix. */
    private ModelSpec fits(ModelSpec spec, int width) {
        if (!(spec.stack().get(0) instanceof FeaturesSpec in) || in.width() != width) {
            throw new ConfigError("model.stack[0] must be a features layer of width " + width + " (the target, "
                    + f.features().size() + " extra feature(s) and the calendar forecast.calendar = " + f.calendar()
                    + " give that many numbers a day); set its width = 0 to take the data's.");
        }
        if (!(spec.head() instanceof RegressionSpec head) || head.outputs() != f.horizon()) {
            throw new ConfigError("model.head must be a regression head of " + f.horizon() + " outputs (forecast.horizon); "
                    + "set outputs = 0 to take the horizon.");
        }
        return spec;
    }

    @Override public String describe(Prepared<BatchSet> data, int parameters) {
        return String.format(Locale.ROOT, "Model: stack %s, %,d parameters", data.spec().units(), parameters);
    }

    @Override public Report report(JavaSparkContext sc, Fs fs, Trained<BatchSet> trained) {
        Training t = prepared;
        List<Series> test = test(fs);
        SavedForecast saved = SavedForecast.of(trained.model(), "the trained model");
        RollingOrigin.Result r = new RollingOrigin(f, test, scalings(saved, test)).score(trained.model(),
                f.gbt() ? GbtBaseline.fit(sc, t.all(), t.ends(), f.horizon(), cfg.seed()) : null);
        r.print(out);
        Report report = new Report(cfg.name(), f.testFrom(), f.horizon(), r.origins(), r.summaries(), trained.trainSeconds(),
                trained.state().rounds(), r.trace());
        fs.writeAtomically(trained.layout().report(), Json.indented(report));
        return report;
    }

    private static List<Scaling> scalings(SavedForecast saved, List<Series> series) {
        return series.stream().map(s -> saved.scaling(s.name(), "being scored")).toList();
    }

    /** The model's sMAPE over the rolling origin of {@code data.test}, with the scaling saved with it. */
    @Override public HeldOut heldOut(JavaSparkContext sc, Fs fs, SavedModel model) {
        List<Series> test = test(fs);
        RollingOrigin.Result r = new RollingOrigin(f, test, scalings(SavedForecast.of(model, "being scored"), test))
                .score(model, null);
        return new HeldOut(r.model().smape(), "% sMAPE");
    }
}
