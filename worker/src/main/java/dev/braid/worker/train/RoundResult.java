package dev.braid.worker.train;

import java.io.Serializable;

/**
 * What one partition returns from a round: its parameters, optimizer state and final RNN state, the
 * loss sum and weight of the batches it trained, and how long the work took.
 */
public record RoundResult(int partition, float[] params, float[] optimizerState, float[] rnnState,
                          double lossSum, double weight, int batches, long computeNanos) implements Serializable {
}
