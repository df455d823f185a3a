package dev.braid.worker.model;

/**
 * A language-model batch of {@code rows} parallel streams over {@code steps} timesteps, time-major
 * (index {@code t * rows + b}). {@code keep} is null, or 0 where row b's state must be reset before
 * step t because a new document starts there.
 */
public record LmBatch(int rows, int steps, int[] inputs, int[] targets, float[] weights, float[] keep) {

    public LmBatch {
        int n = rows * steps;
        if (inputs.length < n || targets.length < n || weights.length < n || (keep != null && keep.length < n)) {
            throw new IllegalArgumentException("batch arrays shorter than rows*steps = " + n);
        }
    }

    public int size() {
        return rows * steps;
    }

    /** Rows {@code [from, to)} of every step: a micro-batch of a pipeline. */
    public LmBatch rowSlice(int from, int to) {
        int r = to - from;
        int[] in = new int[r * steps];
        int[] tg = new int[r * steps];
        float[] w = new float[r * steps];
        float[] k = keep == null ? null : new float[r * steps];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(inputs, t * rows + from, in, t * r, r);
            System.arraycopy(targets, t * rows + from, tg, t * r, r);
            System.arraycopy(weights, t * rows + from, w, t * r, r);
            if (k != null) {
                System.arraycopy(keep, t * rows + from, k, t * r, r);
            }
        }
        return new LmBatch(r, steps, in, tg, w, k);
    }

    /** Steps {@code [from, to)} of every row: a time chunk of a pipeline's wavefront schedule. */
    public LmBatch stepSlice(int from, int to) {
        int a = from * rows;
        int b = to * rows;
        return new LmBatch(rows, to - from, java.util.Arrays.copyOfRange(inputs, a, b),
                java.util.Arrays.copyOfRange(targets, a, b), java.util.Arrays.copyOfRange(weights, a, b),
                keep == null ? null : java.util.Arrays.copyOfRange(keep, a, b));
    }
}
