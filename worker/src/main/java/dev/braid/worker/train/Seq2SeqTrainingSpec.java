package dev.braid.worker.train;

import dev.braid.worker.model.Seq2SeqSpec;
import java.io.Serializable;

/** What an executor needs to train a partition of seq2seq batches. */
public record Seq2SeqTrainingSpec(Seq2SeqSpec model, OptimizerSpec optimizer, long seed, int blasThreads)
        implements Serializable {
}
