package dev.braid.worker.train;

import dev.braid.worker.model.LanguageModelSpec;
import java.io.Serializable;

/** What an executor needs to train a partition of consecutive streams; small, shipped in the closure. */
public record StreamTrainingSpec(LanguageModelSpec model, OptimizerSpec optimizer, int seqLength, boolean stateful,
                                 boolean randomOffset, boolean resetAtDocuments, long seed, int blasThreads)
        implements Serializable {
}
