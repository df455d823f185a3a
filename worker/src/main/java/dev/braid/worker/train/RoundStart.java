package dev.braid.worker.train;

import java.io.Serializable;

/**
 * Where every partition's round starts (the broadcast part): parameters, optimizer state, the global
 * iteration count, the epoch and the batch range to train, and the round's seed for dropout masks.
 */
public record RoundStart(float[] params, float[] optimizerState, long iteration, int epoch, int fromBatch,
                         int toBatch, long rngSeed) implements Serializable {
}
