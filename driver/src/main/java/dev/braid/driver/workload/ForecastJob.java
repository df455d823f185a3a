package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.config.ForecastConfig;
import dev.braid.driver.io.SavedModel;
import dev.braid.worker.forecast.ForecastInputs;
import dev.braid.worker.forecast.ForecastWindows;
import dev.braid.worker.forecast.Scaling;
import dev.braid.worker.forecast.Series;
import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.model.StackModel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code braid forecast}: the next {@code horizon} days after a series' last day, from the window of days
 * up to it, with prediction intervals from the model's own errors on that series: it forecasts from each
 * of the last (up to 365) days whose next {@code horizon} days are known, and each horizon's interval
 * spans the empirical quantiles of those errors (log ratios for a model of log values, differences
 * otherwise) around the forecast. Intervals are honest only where those days were not trained on.
 */
public final class ForecastJob {
    private static final int BACKTEST = 365;
    private static final int MIN_BACKTEST = 30;

    private ForecastJob() {
    }

    /** One forecast day: {@code h} days after the last, its forecast and interval (NaN: no interval). */
    public record Row(LocalDate day, int h, double forecast, double lower, double upper) {
    }

    /** The forecasts, and the origins whose errors gave the intervals (0: too few, no intervals). */
    public record Result(List<Row> rows, int backtestOrigins) {
    }

    public static Result run(SavedModel saved, ForecastConfig f, Scaling scaling, Series s, int horizon, double coverage) {
        int last = s.days() - 1;
        if (last < f.firstOrigin()) {
            throw new UserError("The series holds " + s.days() + " days; the model reads a window of forecast.window = "
                    + f.window() + " days (and lags " + f.lags() + " before it) before it forecasts. Give at least "
                    + (f.firstOrigin() + 1) + " days.");
        }
        List<Integer> origins = new ArrayList<>();
        for (int o = Math.max(f.firstOrigin(), last - f.horizon() - BACKTEST + 1); o + f.horizon() <= last; o++) {
            origins.add(o);
        }
        boolean intervals = origins.size() >= MIN_BACKTEST;
        if (!intervals) {
            origins.clear();
        }
        origins.add(last);
        float[] p = predict(saved, f.inputs(s, scaling), origins, f.window());
        int rows = origins.size();
        List<Row> out = new ArrayList<>();
        for (int h = 1; h <= horizon; h++) {
            double forecast = scaling.unscale(p[((f.window() - 1) * rows + rows - 1) * f.horizon() + h - 1]);
            double lower = Double.NaN;
            double upper = Double.NaN;
            if (intervals) {
                double[] errors = new double[rows - 1];
                for (int b = 0; b < rows - 1; b++) {
                    double fb = scaling.unscale(p[((f.window() - 1) * rows + b) * f.horizon() + h - 1]);
                    double actual = s.values()[origins.get(b) + h];
                    errors[b] = f.log() ? Math.log(actual / fb) : actual - fb;
                }
                Arrays.sort(errors);
                double lo = quantile(errors, (1 - coverage) / 2);
                double hi = quantile(errors, 1 - (1 - coverage) / 2);
                lower = f.log() ? forecast * Math.exp(lo) : forecast + lo;
                upper = f.log() ? forecast * Math.exp(hi) : forecast + hi;
            }
            out.add(new Row(s.day(last + h), h, forecast, lower, upper));
        }
        return new Result(out, intervals ? rows - 1 : 0);
    }

    private static float[] predict(SavedModel saved, ForecastInputs in, List<Integer> origins, int window) {
        BlasThreads.allCores();
        StackModel model = saved.buildLanguageModel("the model");
        model.resetState(origins.size());
        return model.predict(ForecastWindows.atOrigins(in, origins.stream().mapToInt(Integer::intValue).toArray(), window));
    }

    /** The {@code q} quantile of sorted {@code x}, linearly interpolated. */
    static double quantile(double[] x, double q) {
        double at = q * (x.length - 1);
        int i = (int) Math.floor(at);
        return i + 1 < x.length ? x[i] + (at - i) * (x[i + 1] - x[i]) : x[x.length - 1];
    }
}
