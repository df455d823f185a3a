package dev.braid.worker.train;

import java.io.Serializable;

/**
 * Where every partition's round starts (the broadcast part): parameters, optimizer state, the global
 * iteration count, the epoch and the batch range to train, the round's seed for dropout masks, and the
 * factor on the scheduled learning rate ({@code rateScale}: 1, halved after each divergence rollback), and
 * the update the schedule ends at ({@code plannedUpdates}; 0: the optimizer spec's, from the epochs).
 */
public record RoundStart(float[] params, float[] optimizerState, long iteration, int epoch, int fromBatch,
                         int toBatch, long rngSeed, double rateScale, long plannedUpdates) implements Serializable {

    /** A round on the spec's schedule, at {@code rateScale} times its rate. */
    public RoundStart(float[] params, float[] optimizerState, long iteration, int epoch, int fromBatch, int toBatch,
                      long rngSeed, double rateScale) {
        this(params, optimizerState, iteration, epoch, fromBatch, toBatch, rngSeed, rateScale, 0);
    }

    /** A round at the scheduled learning rate. */
    public RoundStart(float[] params, float[] optimizerState, long iteration, int epoch, int fromBatch, int toBatch,
                      long rngSeed) {
        this(params, optimizerState, iteration, epoch, fromBatch, toBatch, rngSeed, 1.0, 0);
    }
}
