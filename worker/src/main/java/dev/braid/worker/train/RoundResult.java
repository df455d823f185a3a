package dev.braid.worker.train;

import java.io.Serializable;

/**
 * What one partition returns from a round: its parameters, optimizer state and final RNN state, the
 * loss sum and weight of the batches it trained, how long the work took, and the first batch whose
 * loss or gradient norm was not finite ({@link #FINITE} when none was; the round stopped there).
 */
public record RoundResult(int partition, float[] params, float[] optimizerState, float[] rnnState,
                          double lossSum, double weight, int batches, long computeNanos, int nonFiniteBatch)
        implements Serializable {
    /** {@link #nonFiniteBatch} of a round whose every loss and gradient was finite. */
    public static final int FINITE = -1;

    public boolean finite() {
        return nonFiniteBatch == FINITE;
    }
}
