package dev.braid.worker.data;

/**
 * The batches of one partition for one epoch, produced on demand from data that was encoded once.
 * Index {@code i} of epoch {@code e} must always be the same batch (determinism, task retries).
 */
public interface BatchSource<B> {

    int batchesPerEpoch(int epoch);

    B batch(int epoch, int index);

    /** Rows of every batch (the streams whose state a stateful model carries). */
    int rows();
}
