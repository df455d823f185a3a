package dev.braid.worker.data;

import java.util.SplittableRandom;

/**
 * The course's synthetic time series: over {@code t} in {@code [0, 1]} (the first {@code steps} of
 * {@code total} points of the linspace), {@code 0.5 sin((t - o1)(10 f1 + 10)) + 0.2 sin((t - o2)(20 f2 +
 * 20))} plus uniform noise of width 0.1, with {@code f1, f2, o1, o2} uniform in [0, 1).
 */
public final class SineSeries {
    private SineSeries() {
    }

    /** One series of {@code length} points on a grid of {@code grid} points over [0, 1]. */
    public static float[] series(SplittableRandom rng, int length, int grid) {
        double f1 = rng.nextDouble();
        double f2 = rng.nextDouble();
        double o1 = rng.nextDouble();
        double o2 = rng.nextDouble();
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            double t = i / (double) (grid - 1);
            out[i] = (float) (0.5 * Math.sin((t - o1) * (f1 * 10 + 10)) + 0.2 * Math.sin((t - o2) * (f2 * 20 + 20))
                    + 0.1 * (rng.nextDouble() - 0.5));
        }
        return out;
    }
}
