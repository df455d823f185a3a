package dev.braid.worker.model;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.nn.ParamLayout;
import dev.braid.worker.nn.Scratch;
import dev.braid.worker.pipeline.PipelineRunner;
import dev.braid.worker.pipeline.Placement;
import dev.braid.worker.pipeline.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a model split into pipeline stages shares with every such model: the whole model that owns the
 * parameters, gradients and optimizer-facing kernels; one kernel set per stage (the stage's device);
 * each stage's replicas of the model, one per micro-batch in flight, all computing on the whole
 * model's buffers (each stage writes only its own layers' gradients); and the runner's threads.
 */
abstract class StagedModel implements SequenceModel<Batch>, AutoCloseable {
    protected final StackModel whole;
    protected final int[] starts;
    protected final int units;
    protected final int stages;
    protected final int pieces;
    protected final Schedule schedule;
    protected final Kernels[] stageKernels;
    protected final PipelineRunner runner;
    private final List<List<StackModel>> replicas = new ArrayList<>();
        private final Buf[][] messages;

    protected StagedModel(StackModel whole, Placement placement, Precision precision) {
        List<String> unitNames = whole.spec().units();
        this.whole = whole;
        this.units = unitNames.size();
        // devices were checked against the task's before the run started; here a stage's device is its thread
        this.starts = placement.boundaries(unitNames,
                placement.devices().stream().mapToInt(Integer::intValue).max().orElse(0) + 1);
        this.stages = starts.length;
        this.pieces = placement.microBatches();
        this.schedule = placement.schedule();
        this.stageKernels = new Kernels[stages];
        for (int s = 0; s < stages; s++) {
            stageKernels[s] = precision.newKernels();
            replicas.add(new ArrayList<>());
        }
        this.messages = new Buf[stages][pieces];
        this.runner = new PipelineRunner(stages);
    }

    /** First unit of stage s. */
    protected int from(int s) {
        return starts[s];
    }

    /** One past the last unit of stage s. */
    protected int to(int s) {
        return s + 1 < stages ? starts[s + 1] : units;
    }

    /** Stage s's replica for activation slot {@code slot}, built on first use by the stage's thread. */
    protected StackModel replica(int s, int slot) {
        List<StackModel> list = replicas.get(s);
        while (list.size() <= slot) {
            list.add(whole.replica(stageKernels[s]));
        }
        return list.get(slot);
    }

    /** Copies a gradient leaving stage s for micro-batch m into a buffer of its own (the replica may run again). */
    protected Buf message(int s, int m, Buf src, int n) {
        messages[s][m] = Scratch.ensure(stageKernels[s], messages[s][m], n);
        stageKernels[s].copy(src, 0, messages[s][m], 0, n);
        return messages[s][m];
    }

    /** Dropout streams for each micro-batch and stage, split from the step's in a fixed order. */
    protected SplittableRandom[][] streams(SplittableRandom rng) {
        SplittableRandom[][] out = new SplittableRandom[pieces][stages];
        for (int m = 0; m < pieces; m++) {
            for (int s = 0; s < stages; s++) {
                out[m][s] = rng == null ? null : rng.split();
            }
        }
        return out;
    }

    /**
     * The pieces a minibatch of {@code total} rows or steps is cut into: the configured number, or
     * fewer for a smaller batch (a seq2seq batch of few long pairs, a short last segment).
     */
    protected int piecesOf(int total) {
        return Math.min(pieces, total);
    }

    /** Start of piece i when {@code total} rows or steps are cut into {@code count} nearly equal pieces. */
    protected static int pieceStart(int total, int count, int i) {
        return (int) ((long) total * i / count);
    }

    /** Values allocated by stage s's kernels: its replicas' activations and work buffers. */
    public long stageValues(int s) {
        return stageKernels[s].allocatedValues();
    }

    /** Replicas stage s holds: the most micro-batches whose activations it kept at once. */
    public int stageReplicas(int s) {
        return replicas.get(s).size();
    }

    public PipelineRunner runner() {
        return runner;
    }

    @Override public ModelSpec spec() {
        return whole.spec();
    }

    @Override public Kernels kernels() {
        return whole.kernels();
    }

    @Override public ParamLayout layout() {
        return whole.layout();
    }

    @Override public Buf params() {
        return whole.params();
    }

    @Override public Buf grads() {
        return whole.grads();
    }

    @Override public void initParams(long seed) {
        whole.initParams(seed);
    }

    @Override public void close() {
        runner.close();
    }

    /** Activation slots of one stage: a forward takes the lowest free one, its backward frees it. */
    protected static final class Slots {
        private final java.util.BitSet used = new java.util.BitSet();
        private final int[] slotOf;

        Slots(int pieces) {
            slotOf = new int[pieces];
        }

        int take(int m) {
            int slot = used.nextClearBit(0);
            used.set(slot);
            slotOf[m] = slot;
            return slot;
        }

        int of(int m) {
            return slotOf[m];
        }

        void release(int m) {
            used.clear(slotOf[m]);
        }
    }
}
