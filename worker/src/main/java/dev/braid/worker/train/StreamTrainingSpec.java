package dev.braid.worker.train;

import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.kernel.DeviceChoice;
import dev.braid.worker.pipeline.Placement;
import java.io.Serializable;

/**
 * What an executor needs to train a partition of consecutive streams; small, shipped in the closure.
 * {@code placement} splits the model into pipeline stages inside each task (none: the whole model);
 * {@code device} is {@code worker.device}, resolved in each task against its resources.
 */
public record StreamTrainingSpec(LanguageModelSpec model, OptimizerSpec optimizer, int seqLength, boolean stateful,
                                 boolean randomOffset, boolean resetAtDocuments, long seed, int blasThreads,
                                 Placement placement, DeviceChoice.Mode device) implements Serializable {

    /** The whole model in each task, on the CPU. */
    public StreamTrainingSpec(LanguageModelSpec model, OptimizerSpec optimizer, int seqLength, boolean stateful,
                              boolean randomOffset, boolean resetAtDocuments, long seed, int blasThreads) {
        this(model, optimizer, seqLength, stateful, randomOffset, resetAtDocuments, seed, blasThreads, Placement.none(),
                DeviceChoice.Mode.CPU);
    }
}
