package dev.braid.driver.train;

import dev.braid.worker.data.BatchSet;
import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import dev.braid.worker.train.Seq2SeqTrainer;
import dev.braid.worker.train.Seq2SeqTrainingSpec;

/** Rounds over stateless seq2seq batches; partitions may hold a few batches fewer than the largest. */
public record Seq2SeqRoundTask(Seq2SeqTrainingSpec spec, int maxBatches) implements RoundTask<BatchSet> {

    @Override public int batchesPerEpoch(int epoch) {
        return maxBatches;
    }

    @Override public RoundResult train(BatchSet partition, RoundStart start, float[] rnnState,
                                       dev.braid.worker.kernel.DeviceChoice device) {
        return Seq2SeqTrainer.trainRound(spec, partition, start, device);
    }

    @Override public long seed() {
        return spec.seed();
    }

    @Override public dev.braid.worker.pipeline.Placement placement() {
        return spec.placement();
    }

    @Override public dev.braid.worker.kernel.DeviceChoice.Mode deviceMode() {
        return spec.device();
    }
}
