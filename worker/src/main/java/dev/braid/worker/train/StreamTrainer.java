package dev.braid.worker.train;

import dev.braid.worker.data.StreamBatches;
import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.kernel.DeviceChoice;

/** Trains one partition's round of consecutive streams with the thread's cached loop. */
public final class StreamTrainer {
    private StreamTrainer() {
    }

    public static RoundResult trainRound(TrainingSpec spec, StreamBlock block, RoundStart start, float[] rnnState,
                                         DeviceChoice device) {
        TrainingSpec.Streams s = spec.streams();
        StreamBatches batches = new StreamBatches(block, s.seqLength(), s.stateful(), s.randomOffset(),
                s.resetAtDocuments(), spec.seed());
        return device.run(() -> LoopCache.loop(spec, device).run(block.partition(), start, rnnState, batches));
    }
}
