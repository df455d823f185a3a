package dev.braid.worker.train;

import java.io.Serializable;

/**
 * Where one partition's round starts: broadcast parameters and optimizer state, the global iteration
 * count, this partition's carried RNN state (empty for a zero state), and the batch range to train.
 */
public record RoundStart(float[] params, float[] optimizerState, long iteration, float[] rnnState,
                         int epoch, int fromBatch, int toBatch, long rngSeed) implements Serializable {
}
