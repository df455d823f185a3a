package dev.braid.worker.train;

import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.worker.kernel.DeviceChoice;
import dev.braid.worker.pipeline.Placement;
import java.io.Serializable;

/** What an executor needs to train a partition of seq2seq batches; {@code placement} as in {@link StreamTrainingSpec}. */
public record Seq2SeqTrainingSpec(Seq2SeqSpec model, OptimizerSpec optimizer, long seed, int blasThreads,
                                  Placement placement, DeviceChoice.Mode device) implements Serializable {
}
