package dev.braid.driver.train;

import dev.braid.worker.data.BatchSet;
import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import dev.braid.worker.train.ExampleTrainer;
import dev.braid.worker.train.TrainingSpec;

/** Rounds over shuffled example batches; partitions may hold a few batches fewer than the largest. */
public record ExampleRoundTask(TrainingSpec spec, int maxBatches) implements RoundTask<BatchSet> {

    @Override public int batchesPerEpoch(int epoch) {
        return maxBatches;
    }

    @Override public RoundResult train(BatchSet partition, RoundStart start, float[] rnnState,
                                       dev.braid.worker.kernel.DeviceChoice device) {
        return ExampleTrainer.trainRound(spec, partition, start, device);
    }
}
