package dev.braid.worker.model;

import dev.braid.worker.kernel.Precision;
import dev.braid.worker.pipeline.Placement;
import dev.braid.worker.pipeline.Schedule;
import java.util.List;

/** Builds a model as its placement says: whole, or split into pipeline stages. */
public final class Pipelines {
    private Pipelines() {
    }

    /**
     * The model of {@code spec} placed by {@code placement} on {@code device}. A pipeline's stages are
     * threads on the CPU: across GPUs each stage would need its own parameter buffers, not built yet.
     */
    public static SequenceModel<Batch> build(ModelSpec spec, Placement placement, dev.braid.worker.kernel.DeviceChoice device) {
        if (!placement.pipelined()) {
            return spec.build(device.kernels());
        }
        if (device.cuda()) {
            throw new IllegalStateException("placement.stages splits the model into pipeline stages, which run as CPU "
                    + "threads: stages on GPUs need per-stage parameter buffers, not built yet. Set worker.device = cpu "
                    + "for a pipeline, or placement.stages = [] to train the whole model on the GPU");
        }
        return build(spec, placement, Precision.FLOAT);
    }

    /** The model of {@code spec} placed by {@code placement} (checked as {@link #check} does). */
    public static SequenceModel<Batch> build(ModelSpec spec, Placement placement, Precision precision) {
        if (!placement.pipelined()) {
            return spec.build(precision);
        }
        checkShape(spec.units(), spec.encoderUnits(), placement);
        checkTie(spec, placement);
        return new PipelinedModel(spec, placement, precision);
    }

    /**
     * Checks {@code placement} against the model's units and the {@code devicesPresent} devices a task
     * gets; throws {@link IllegalArgumentException} naming the key, the layer or the index.
     */
    public static void check(ModelSpec spec, Placement placement, int devicesPresent) {
        check(spec.layers(), placement, devicesPresent);
        if (placement.pipelined()) {
            checkTie(spec, placement);
        }
    }

    /**
     * A softmax tied to an embedding in an earlier stage would add into that table's gradient while the
     * stage that owns it does (stages write only their own layers' gradients): refused.
     */
    private static void checkTie(ModelSpec spec, Placement placement) {
        if (!(spec.head() instanceof dev.braid.worker.stack.SoftmaxSpec s) || !s.tied()) {
            return;
        }
        List<String> units = spec.units();
        int[] starts = placement.boundaries(units, Integer.MAX_VALUE / 2);
        if (units.indexOf(s.tie()) < starts[starts.length - 1]) {
            throw new IllegalArgumentException("placement.stages: the softmax head '" + s.name() + "' is tied to embedding '"
                    + s.tie() + "', which is in an earlier stage; place both in the last stage, or train without the tie");
        }
    }

    /**
     * {@link #check(ModelSpec, Placement, int)} by the model's units: for checks made before the
     * vocabularies that complete a spec are known.
     */
    public static void check(ModelSpec.Units units, Placement placement, int devicesPresent) {
        if (!placement.pipelined()) {
            return;
        }
        placement.boundaries(units.names(), devicesPresent);
        checkShape(units.names(), units.encoder(), placement);
    }

    private static void checkShape(List<String> units, int encoderUnits, Placement placement) {
        if (encoderUnits == 0) {
            return;
        }
        int[] starts = placement.boundaries(units, Integer.MAX_VALUE / 2);
        if (starts.length != 2 || starts[1] != encoderUnits) {
            throw new IllegalArgumentException("placement.stages: an encoder-decoder splits into two stages between its "
                    + "encoder and its decoder: stages = [" + units.subList(0, encoderUnits) + ", "
                    + units.subList(encoderUnits, units.size()) + "]");
        }
        if (placement.schedule() == Schedule.WAVEFRONT) {
            throw new IllegalArgumentException("placement.schedule = wavefront pipelines the time steps of a language "
                    + "model's stacked layers; an encoder-decoder uses gpipe or 1f1b");
        }
    }
}
