package dev.braid.worker.forecast;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Forecast errors per horizon, in percent: sMAPE (200|F-A|/(|A|+|F|), 0 where both are 0) and MAPE
 * (100|F-A|/|A|), each averaged over the forecasts of that horizon; the overall figures average all.
 */
public final class ForecastErrors {
    private final double[] smape;
    private final double[] ape;
    private final long[] count;

    public ForecastErrors(int horizon) {
        smape = new double[horizon];
        ape = new double[horizon];
        count = new long[horizon];
    }

    /** Adds the forecast {@code f} of {@code a}, {@code h} steps ahead (1-based). */
    public void add(int h, double f, double a) {
        double denominator = Math.abs(a) + Math.abs(f);
        smape[h - 1] += denominator == 0 ? 0 : 200 * Math.abs(f - a) / denominator;
        ape[h - 1] += 100 * Math.abs(f - a) / Math.abs(a);
        count[h - 1]++;
    }

    public int horizon() {
        return count.length;
    }

    public double smape(int h) {
        return smape[h - 1] / count[h - 1];
    }

    public double mape(int h) {
        return ape[h - 1] / count[h - 1];
    }

    public double smape() {
        return total(smape);
    }

    public double mape() {
        return total(ape);
    }

    public long forecasts() {
        long n = 0;
        for (long c : count) {
            n += c;
        }
        return n;
    }

    private double total(double[] sums) {
        double s = 0;
        for (double v : sums) {
            s += v;
        }
        return s / forecasts();
    }

    /** sMAPE and MAPE overall and per horizon, as a report writes them. */
    public Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("smape", smape());
        out.put("mape", mape());
        double[] perSmape = new double[smape.length];
        double[] perMape = new double[smape.length];
        for (int h = 1; h <= smape.length; h++) {
            perSmape[h - 1] = smape(h);
            perMape[h - 1] = mape(h);
        }
        out.put("smapeByHorizon", perSmape);
        out.put("mapeByHorizon", perMape);
        return out;
    }
}
