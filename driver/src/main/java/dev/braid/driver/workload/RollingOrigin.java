package dev.braid.driver.workload;

import dev.braid.driver.config.ForecastConfig;
import dev.braid.driver.io.SavedModel;
import dev.braid.worker.forecast.ForecastErrors;
import dev.braid.worker.forecast.ForecastInputs;
import dev.braid.worker.forecast.ForecastWindows;
import dev.braid.worker.forecast.Scaling;
import dev.braid.worker.forecast.SeasonalBaseline;
import dev.braid.worker.forecast.Series;
import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.model.StackModel;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A rolling-origin evaluation: from every row of each test series from the one before
 * {@code forecast.testFrom} up to H rows before its end, each forecaster forecasts the next H rows from
 * what is known then, and each forecast is scored against what happened (sMAPE, MAPE, per horizon,
 * pooled over the series of a set). The model reads the window of rows up to the origin, scaled as in
 * training (each series by its own scaling); the baselines read the series up to the origin.
 */
final class RollingOrigin {
    private final ForecastConfig f;
    private final List<Series> test;
    private final List<Scaling> scalings;

    RollingOrigin(ForecastConfig f, List<Series> test, List<Scaling> scalings) {
        this.f = f;
        this.test = List.copyOf(test);
        this.scalings = List.copyOf(scalings);
    }

    /** The errors of each forecaster, the model's first, over the same origins. */
    record Result(int origins, int series, Map<String, ForecastErrors> errors, Trace trace) {
        ForecastErrors model() {
            return errors.values().iterator().next();
        }

        Map<String, Map<String, Object>> summaries() {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            errors.forEach((k, v) -> out.put(k, v.summary()));
            return out;
        }

        void print(PrintStream out) {
            out.printf(Locale.ROOT, "Rolling origin: %,d origins%s, each forecasting %d steps (%,d forecasts each):%n", origins,
                    series == 1 ? "" : " over " + series + " series", model().horizon(), model().forecasts());
            errors.forEach((name, e) -> out.printf(Locale.ROOT, "  %-34s sMAPE %6.3f%%  MAPE %6.3f%%  (h=1 %.3f%%, h=%d %.3f%%)%n",
                    name, e.smape(), e.mape(), e.smape(1), e.horizon(), e.smape(e.horizon())));
        }
    }

    /**
     * The model's forecast one row ahead from every origin of the first test series beside what
     * happened (the run report plots it).
     */
    record Trace(String series, List<String> days, double[] actual, double[] forecast) {
    }

    /** The origins of series {@code s}: its rows from the one before testFrom up to H before its end. */
    private int[] origins(Series s) {
        int first = s.indexOf(f.testDay()) - 1;
        int last = s.days() - 1 - f.horizon();
        int[] origins = new int[Math.max(0, last - first + 1)];
        for (int i = 0; i < origins.length; i++) {
            origins[i] = first + i;
        }
        return origins;
    }

    Result score(SavedModel model, GbtBaseline gbt) {
        int h = f.horizon();
        Map<String, ForecastErrors> errors = new LinkedHashMap<>();
        Trace[] trace = new Trace[1];
        errors.put("model", model(model, trace));
        for (SeasonalBaseline b : SeasonalBaseline.values()) {
            if (test.stream().allMatch(s -> s.perWeek() > 0 && origins(s)[0] + 1 >= b.lookback(h, s.perWeek()))) {
                ForecastErrors e = new ForecastErrors(h);
                for (Series s : test) {
                    float[] y = s.values();
                    for (int o : origins(s)) {
                        for (int j = 1; j <= h; j++) {
                            e.add(j, b.forecast(y, o, j, s.perWeek()), y[o + j]);
                        }
                    }
                }
                errors.put(b.label(), e);
            }
        }
        if (gbt != null) {
            ForecastErrors e = new ForecastErrors(h);
            for (Series s : test) {
                for (int o : origins(s)) {
                    for (int j = 1; j <= h; j++) {
                        e.add(j, gbt.forecast(s, o, j), s.values()[o + j]);
                    }
                }
            }
            errors.put("MLlib gradient-boosted trees", e);
        }
        return new Result(test.stream().mapToInt(s -> origins(s).length).sum(), test.size(), errors, trace[0]);
    }

    private ForecastErrors model(SavedModel saved, Trace[] trace) {
        BlasThreads.allCores();
        StackModel model = saved.buildLanguageModel("the trained model");
        int h = f.horizon();
        ForecastErrors e = new ForecastErrors(h);
        for (int i = 0; i < test.size(); i++) {
            Series s = test.get(i);
            Scaling scaling = scalings.get(i);
            ForecastInputs in = f.inputs(s, scaling);
            int[] origins = origins(s);
            int rows = origins.length;
            model.resetState(rows);
            float[] p = model.predict(ForecastWindows.atOrigins(in, origins, f.window()));
            double[] actual = new double[rows];
            double[] ahead = new double[rows];
            for (int b = 0; b < rows; b++) {
                int at = ((f.window() - 1) * rows + b) * h;
                for (int j = 1; j <= h; j++) {
                    e.add(j, scaling.unscale(p[at + j - 1]), s.values()[origins[b] + j]);
                }
                actual[b] = s.values()[origins[b] + 1];
                ahead[b] = scaling.unscale(p[at]);
            }
            if (i == 0) {
                List<String> days = java.util.Arrays.stream(origins).mapToObj(o -> s.day(o + 1).toString()).toList();
                trace[0] = new Trace(s.name(), days, actual, ahead);
            }
        }
        return e;
    }
}
