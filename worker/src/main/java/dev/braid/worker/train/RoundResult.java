package dev.braid.worker.train;

import java.io.Serializable;

/**
 * What one partition returns from a round: its parameters, optimizer state and final RNN state, the
 * loss sum and weight of the batches it trained, how long the work took, the first batch whose
 * loss or gradient norm was not finite ({@link #FINITE} when none was; the round stopped there), and
 * the sum of its updates' gradient norms before clipping (the run report plots their mean).
 */
public record RoundResult(int partition, float[] params, float[] optimizerState, float[] rnnState,
                          double lossSum, double weight, int batches, long computeNanos, int nonFiniteBatch,
                          double gradNormSum)
        implements Serializable {
    /** {@link #nonFiniteBatch} of a round whose every loss and gradient was finite. */
    public static final int FINITE = -1;

    public boolean finite() {
        return nonFiniteBatch == FINITE;
    }
}
