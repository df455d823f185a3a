package dev.braid.worker.train;

import dev.braid.worker.kernel.DeviceChoice;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.pipeline.Placement;
import java.io.Serializable;

/**
 * What an executor needs to train a partition of any model; small, shipped in the closure. The data
 * regime decides the trainer: {@code streams} (consecutive streams cut into segments, the state
 * carried when stateful) or, null, shuffled pre-built example batches. {@code placement} splits the
 * model into pipeline stages inside each task (none: the whole model); {@code device} is
 * {@code worker.device}, resolved in each task against its resources.
 */
public record TrainingSpec(ModelSpec model, OptimizerSpec optimizer, long seed, int blasThreads, Placement placement,
                           DeviceChoice.Mode device, Streams streams) implements Serializable {

    /** How consecutive streams are trained: segment length, state carried or not, epoch offsets, document resets. */
    public record Streams(int seqLength, boolean stateful, boolean randomOffset, boolean resetAtDocuments)
            implements Serializable {
    }

    /** Streams trained by the whole model in each task, on the CPU. */
    public static TrainingSpec streams(ModelSpec model, OptimizerSpec optimizer, int seqLength, boolean stateful,
                                       boolean randomOffset, boolean resetAtDocuments, long seed, int blasThreads) {
        return new TrainingSpec(model, optimizer, seed, blasThreads, Placement.none(), DeviceChoice.Mode.CPU,
                new Streams(seqLength, stateful, randomOffset, resetAtDocuments));
    }

    /** Whether a partition's state is carried from batch to batch and round to round. */
    public boolean stateful() {
        return streams != null && streams.stateful();
    }

    /** The same with another placement and device. */
    public TrainingSpec placed(Placement where, DeviceChoice.Mode on) {
        return new TrainingSpec(model, optimizer, seed, blasThreads, where, on, streams);
    }
}
