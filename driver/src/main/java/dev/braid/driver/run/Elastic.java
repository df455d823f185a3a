package dev.braid.driver.run;

import dev.braid.driver.train.TrainState;
import dev.braid.worker.model.StackModel;

/**
 * How a workload's prepared data meet a checkpoint written with another {@code training.workers}: an
 * elastic resume continues the same training (the same streams or batches, the averaging from the
 * checkpoint) on a different number of partitions. Not bit-identical to the uninterrupted run: the
 * minibatches a worker trains between averages change.
 */
public interface Elastic {
    /** The fingerprint these data would have had dealt to {@code workers} partitions, as the checkpoint's were. */
    String fingerprintAs(int workers);

    /** {@code checkpoint} with its per-partition state and cursor dealt to this run's {@code workers} partitions. */
    TrainState redeal(TrainState checkpoint, int workers, StackModel model);
}
