package dev.braid.worker.pipeline;

/**
 * The order in which each stage runs the forward ({@code F}) and backward ({@code B}) passes of the
 * {@code M} micro-batches of one minibatch. All schedules compute the same gradients; they differ in
 * idle time and in how many micro-batches' activations a stage holds at once.
 */
public enum Schedule {
    /** GPipe: every forward, then every backward (last micro-batch first). Holds M activations per stage. */
    GPIPE,
    /**
     * 1F1B (PipeDream-flush): stage s runs K-1-s forwards ahead, then alternates one forward and one
     * backward. Same idle time as GPipe, at most K-s micro-batches' activations alive on stage s.
     */
    ONE_F_ONE_B,
    /**
     * Wavefront: the micro-batches are consecutive time chunks of the whole batch, so stage s runs
     * chunk t while stage s+1 runs chunk t-1, and backward runs the chunks in reverse order carrying
     * each recurrent layer's state gradient. The batch is not cut: no micro-batch size penalty.
     */
    WAVEFRONT;

    /** Encodes a backward pass of micro-batch m in an op list (forwards are m itself). */
    public static int backwardOf(int m) {
        return -1 - m;
    }

    /** The micro-batch of an op. */
    public static int microBatch(int op) {
        return op >= 0 ? op : -1 - op;
    }

    public static boolean isForward(int op) {
        return op >= 0;
    }

    /** Stage {@code s}'s ops, in order, for {@code k} stages and {@code m} micro-batches. */
    public int[] ops(int s, int k, int m) {
        int[] ops = new int[2 * m];
        int i = 0;
        if (this == ONE_F_ONE_B) {
            int warm = Math.min(k - 1 - s, m);
            for (int f = 0; f < warm; f++) {
                ops[i++] = f;
            }
            for (int j = 0; j < m - warm; j++) {
                ops[i++] = warm + j;
                ops[i++] = backwardOf(j);
            }
            for (int b = m - warm; b < m; b++) {
                ops[i++] = backwardOf(b);
            }
            return ops;
        }
        for (int f = 0; f < m; f++) {
            ops[i++] = f;
        }
        for (int b = m - 1; b >= 0; b--) {
            ops[i++] = backwardOf(b);
        }
        return ops;
    }

    /** The most micro-batches whose activations stage {@code s} holds at once under this schedule. */
    public int inFlight(int s, int k, int m) {
        int live = 0;
        int peak = 0;
        for (int op : ops(s, k, m)) {
            live += isForward(op) ? 1 : -1;
            peak = Math.max(peak, live);
        }
        return peak;
    }

    /** The idle fraction of a balanced pipeline: {@code (K-1)/(M+K-1)}. */
    public static double idealBubble(int k, int m) {
        return (k - 1.0) / (m + k - 1.0);
    }
}
