package dev.braid.worker.model;

import java.util.SplittableRandom;

/** Random language-model batches and states for tests. */
public final class LmFixtures {
    private LmFixtures() {
    }

    public static Batch randomBatch(int rows, int steps, int vocabulary, boolean resets, boolean masked, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = rows * steps;
        int[] in = new int[n];
        int[] out = new int[n];
        float[] w = new float[n];
        float[] keep = resets ? new float[n] : null;
        for (int i = 0; i < n; i++) {
            in[i] = rng.nextInt(vocabulary);
            out[i] = rng.nextInt(vocabulary);
            w[i] = masked && rng.nextInt(4) == 0 ? 0f : 1f;
            if (keep != null) {
                keep[i] = rng.nextInt(3) == 0 ? 0f : 1f;
            }
        }
        return Batch.stream(rows, steps, in, out, w, keep);
    }

    public static float[] randomState(int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] s = new float[size];
        for (int i = 0; i < size; i++) {
            s[i] = (float) (rng.nextDouble() * 1.6 - 0.8);
        }
        return s;
    }
}
