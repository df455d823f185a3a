package dev.braid.driver.train;

import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import java.io.Serializable;

/**
 * What every executor does with its cached partition in one round: a small serialisable spec that
 * hands the partition to the worker's training loop. One implementation per kind of partition data.
 */
public interface RoundTask<D> extends Serializable {

    /** Batches per epoch of the largest partition: rounds cut this range into pieces of K. */
    int batchesPerEpoch(int epoch);

    /** Trains {@code [start.fromBatch(), start.toBatch())} of this partition's epoch on {@code device}. */
    RoundResult train(D partition, RoundStart start, float[] rnnState, dev.braid.worker.kernel.DeviceChoice device);

    /**
     * As above, the partition given as Spark holds it: one cached block (the default), or, for data kept
     * on disk, many blocks that a task reads one by one.
     */
    default RoundResult train(int partition, java.util.Iterator<D> blocks, RoundStart start, float[] rnnState,
                              dev.braid.worker.kernel.DeviceChoice device) {
        return train(blocks.next(), start, rnnState, device);
    }

    /** What each task trains with: model, optimizer, seed, placement, device. */
    dev.braid.worker.train.TrainingSpec spec();

    /** Seeds dropout masks: every batch's masks depend on (seed, epoch, batch, partition) only. */
    default long seed() {
        return spec().seed();
    }

    /** {@code worker.device}: each task resolves it against its own resources. */
    default dev.braid.worker.kernel.DeviceChoice.Mode deviceMode() {
        return spec().device();
    }

    /** How each task places the model: whole on one device, or split into pipeline stages. */
    default dev.braid.worker.pipeline.Placement placement() {
        return spec().placement();
    }
}
