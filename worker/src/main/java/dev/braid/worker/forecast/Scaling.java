package dev.braid.worker.forecast;

import java.io.Serializable;

/**
 * How a series is fed to a model and read back, fitted on its training days only: the target (its
 * logarithm when {@code log}) standardised by {@code mean} and {@code std}, each extra feature by its own.
 * Saved with the model: a forecast from new data must scale it as training did.
 */
public record Scaling(boolean log, double mean, double std, double[] extraMean, double[] extraStd) implements Serializable {

    /** Fitted on days {@code [0, end)} of {@code s}. */
    public static Scaling fit(Series s, int end, boolean log) {
        if (end < 2) {
            throw new IllegalArgumentException("scaling needs at least 2 training days, got " + end);
        }
        double[] target = new double[end];
        for (int t = 0; t < end; t++) {
            target[t] = log ? Math.log(s.values()[t]) : s.values()[t];
        }
        int k = s.extras().length;
        double[] em = new double[k];
        double[] es = new double[k];
        for (int i = 0; i < k; i++) {
            double[] col = new double[end];
            for (int t = 0; t < end; t++) {
                col[t] = s.extras()[i][t];
            }
            em[i] = mean(col);
            es[i] = std(col, em[i]);
        }
        double m = mean(target);
        return new Scaling(log, m, std(target, m), em, es);
    }

    private static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /** The standard deviation, or 1 for a constant column (it then scales to 0). */
    private static double std(double[] x, double mean) {
        double sum = 0;
        for (double v : x) {
            sum += (v - mean) * (v - mean);
        }
        double s = Math.sqrt(sum / x.length);
        return s > 0 ? s : 1;
    }

    public float scale(double y) {
        return (float) (((log ? Math.log(y) : y) - mean) / std);
    }

    public double unscale(float z) {
        double v = z * std + mean;
        return log ? Math.exp(v) : v;
    }

    public float scaleExtra(int k, double x) {
        return (float) ((x - extraMean[k]) / extraStd[k]);
    }
}
