package dev.braid.worker.train;

import dev.braid.worker.data.StreamBatches;
import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.kernel.DeviceChoice;
import dev.braid.worker.model.LmBatch;

/** Trains one partition's round of consecutive streams with the thread's cached loop. */
public final class StreamTrainer {
    private StreamTrainer() {
    }

    public static RoundResult trainRound(StreamTrainingSpec spec, StreamBlock block, RoundStart start, float[] rnnState,
                                         DeviceChoice device) {
        StreamBatches batches = new StreamBatches(block, spec.seqLength(), spec.stateful(), spec.randomOffset(),
                spec.resetAtDocuments(), spec.seed());
        return device.run(() -> LoopCache.<LmBatch>loop(spec.model(), spec.placement(), device, spec.optimizer(),
                spec.stateful(), spec.blasThreads()).run(block.partition(), start, rnnState, batches));
    }
}
