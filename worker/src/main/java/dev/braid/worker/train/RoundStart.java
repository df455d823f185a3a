package dev.braid.worker.train;

import java.io.Serializable;

/**
 * Where every partition's round starts (the broadcast part): parameters, optimizer state, the global
 * iteration count, the epoch and the batch range to train, the round's seed for dropout masks, and the
 * factor on the scheduled learning rate ({@code rateScale}: 1, halved after each divergence rollback).
 */
public record RoundStart(float[] params, float[] optimizerState, long iteration, int epoch, int fromBatch,
                         int toBatch, long rngSeed, double rateScale) implements Serializable {

    /** A round at the scheduled learning rate. */
    public RoundStart(float[] params, float[] optimizerState, long iteration, int epoch, int fromBatch, int toBatch,
                      long rngSeed) {
        this(params, optimizerState, iteration, epoch, fromBatch, toBatch, rngSeed, 1.0);
    }
}
