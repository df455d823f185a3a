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
}
