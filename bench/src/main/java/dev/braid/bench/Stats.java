package dev.braid.bench;

import java.util.Arrays;
import java.util.function.LongSupplier;

/** Timing helpers: every figure is a median of repeated runs after warm-up. */
final class Stats {
    private Stats() {
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Median seconds of {@code runs} timed calls after {@code warmup} untimed ones. */
    static double medianSeconds(int warmup, int runs, Runnable body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            body.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        return median(t);
    }

    static double elapsed(LongSupplier start) {
        return (System.nanoTime() - start.getAsLong()) / 1e9;
    }
}
