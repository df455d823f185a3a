package dev.braid.worker.train;

import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.pipeline.Placement;
import java.io.Serializable;

/**
 * What an executor needs to train a partition of consecutive streams; small, shipped in the closure.
 * {@code placement} splits the model into pipeline stages inside each task (none: the whole model).
 */
public record StreamTrainingSpec(LanguageModelSpec model, OptimizerSpec optimizer, int seqLength, boolean stateful,
                                 boolean randomOffset, boolean resetAtDocuments, long seed, int blasThreads,
                                 Placement placement) implements Serializable {

    /** The whole model in each task. */
    public StreamTrainingSpec(LanguageModelSpec model, OptimizerSpec optimizer, int seqLength, boolean stateful,
                              boolean randomOffset, boolean resetAtDocuments, long seed, int blasThreads) {
        this(model, optimizer, seqLength, stateful, randomOffset, resetAtDocuments, seed, blasThreads, Placement.none());
    }
}
