package dev.braid.driver.train;

import dev.braid.worker.data.StreamBatches;
import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import dev.braid.worker.train.StreamTrainer;
import dev.braid.worker.train.TrainingSpec;

/** Rounds over consecutive streams: every partition has the same number of segments per epoch. */
public record StreamRoundTask(TrainingSpec spec, int streamLength) implements RoundTask<StreamBlock> {

    @Override public int batchesPerEpoch(int epoch) {
        return StreamBatches.segments(streamLength, spec.streams().seqLength(), spec.streams().randomOffset(), spec.seed(),
                epoch);
    }

    @Override public RoundResult train(StreamBlock partition, RoundStart start, float[] rnnState,
                                       dev.braid.worker.kernel.DeviceChoice device) {
        return StreamTrainer.trainRound(spec, partition, start, rnnState, device);
    }
}
