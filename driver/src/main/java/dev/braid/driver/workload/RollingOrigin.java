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
import java.util.Locale;
import java.util.Map;

/**
 * A rolling-origin evaluation: from every day of the test series from the day before
 * {@code forecast.testFrom} up to H days before its end, each forecaster forecasts the next H days from
 * what is known on that day, and each forecast is scored against what happened (sMAPE, MAPE, per
 * horizon). The model reads the window of days up to the origin, scaled as in training; the baselines
 * read the series up to the origin.
 */
final class RollingOrigin {
    private final ForecastConfig f;
    private final Series test;
    private final Scaling scaling;
    private final int first;
    private final int last;

    RollingOrigin(ForecastConfig f, Series test, Scaling scaling) {
        this.f = f;
        this.test = test;
        this.scaling = scaling;
        this.first = test.indexOf(f.testDay()) - 1;
        this.last = test.days() - 1 - f.horizon();
    }

    /** The errors of each forecaster, the model's first, over the same origins. */
    record Result(int origins, Map<String, ForecastErrors> errors) {
        ForecastErrors model() {
            return errors.values().iterator().next();
        }

        Map<String, Map<String, Object>> summaries() {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            errors.forEach((k, v) -> out.put(k, v.summary()));
            return out;
        }

        void print(PrintStream out) {
            out.printf(Locale.ROOT, "Rolling origin: %,d origins, each forecasting %d days (%,d forecasts each):%n", origins,
                    model().horizon(), model().forecasts());
            errors.forEach((name, e) -> out.printf(Locale.ROOT, "  %-34s sMAPE %6.3f%%  MAPE %6.3f%%  (h=1 %.3f%%, h=%d %.3f%%)%n",
                    name, e.smape(), e.mape(), e.smape(1), e.horizon(), e.smape(e.horizon())));
        }
    }

    Result score(SavedModel model, GbtBaseline gbt) {
        int h = f.horizon();
        int[] origins = new int[last - first + 1];
        for (int i = 0; i < origins.length; i++) {
            origins[i] = first + i;
        }
        Map<String, ForecastErrors> errors = new LinkedHashMap<>();
        errors.put("model", model(model, origins));
        float[] y = test.values();
        for (SeasonalBaseline b : SeasonalBaseline.values()) {
            if (origins[0] + 1 >= b.lookback(h)) {
                ForecastErrors e = new ForecastErrors(h);
                for (int o : origins) {
                    for (int j = 1; j <= h; j++) {
                        e.add(j, b.forecast(y, o, j), y[o + j]);
                    }
                }
                errors.put(b.label(), e);
            }
        }
        if (gbt != null) {
            ForecastErrors e = new ForecastErrors(h);
            for (int o : origins) {
                for (int j = 1; j <= h; j++) {
                    e.add(j, gbt.forecast(test, o, j), y[o + j]);
                }
            }
            errors.put("MLlib gradient-boosted trees", e);
        }
        return new Result(origins.length, errors);
    }

    private ForecastErrors model(SavedModel saved, int[] origins) {
        BlasThreads.allCores();
        StackModel model = saved.buildLanguageModel("the trained model");
        ForecastInputs in = f.inputs(test, scaling);
        int h = f.horizon();
        int rows = origins.length;
        model.resetState(rows);
        float[] p = model.predict(ForecastWindows.atOrigins(in, origins, f.window()));
        ForecastErrors e = new ForecastErrors(h);
        for (int b = 0; b < rows; b++) {
            int at = ((f.window() - 1) * rows + b) * h;
            for (int j = 1; j <= h; j++) {
                e.add(j, scaling.unscale(p[at + j - 1]), test.values()[origins[b] + j]);
            }
        }
        return e;
    }
}
