package dev.braid.worker.train;

import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.kernel.DeviceChoice;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.Pipelines;
import dev.braid.worker.pipeline.Placement;
import dev.braid.worker.model.SequenceModel;

/**
 * Each executor thread keeps one training loop (model, buffers, optimizer) and reuses it round after
 * round while the spec stays the same: everything it holds is overwritten from the round's start, so
 * reuse changes no result, and the hot loop allocates nothing after the first round.
 */
public final class LoopCache {
    private static final ThreadLocal<Entry> LOOPS = new ThreadLocal<>();

    private record Key(ModelSpec model, Placement placement, DeviceChoice device, OptimizerSpec optimizer,
                       boolean stateful) {
    }

    private record Entry(Key key, TrainingLoop<Batch> loop) {
    }

    private LoopCache() {
    }

    /**
     * The calling thread's loop for these specs (built on first use). Sets the process's BLAS threads
     * every time: the driver of a local run changes them between rounds to evaluate.
     */
    public static TrainingLoop<Batch> loop(TrainingSpec spec, DeviceChoice device) {
        ModelSpec model = spec.model();
        Placement placement = spec.placement();
        OptimizerSpec optimizer = spec.optimizer();
        boolean stateful = spec.stateful();
        int threads = spec.blasThreads();
        // a pipeline's stages each call BLAS from a thread of their own: the task's threads are shared out
        BlasThreads.set(placement.pipelined() ? Math.max(1, threads / placement.stages().size()) : threads);
        Key key = new Key(model, placement, device, optimizer, stateful);
        Entry e = LOOPS.get();
        if (e == null || !e.key().equals(key)) {
            if (e != null && e.loop().model() instanceof AutoCloseable pipeline) {
                close(pipeline);
            }
            SequenceModel<Batch> m = Pipelines.build(model, placement, device);
            e = new Entry(key, new TrainingLoop<>(m, optimizer, stateful));
            LOOPS.set(e);
        }
        return e.loop();
    }

    /** Stops a replaced pipeline's stage threads. */
    private static void close(AutoCloseable pipeline) {
        try {
            pipeline.close();
        } catch (Exception ex) {
            throw new IllegalStateException("could not stop a pipeline's stage threads", ex);
        }
    }
}
