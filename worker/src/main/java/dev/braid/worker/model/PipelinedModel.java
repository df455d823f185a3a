package dev.braid.worker.model;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.pipeline.Placement;
import dev.braid.worker.pipeline.Schedule;
import dev.braid.worker.pipeline.StageWork;
import dev.braid.worker.rnn.LayerState;
import dev.braid.worker.stack.Pass;
import dev.braid.worker.stack.Seq;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A model split by units into pipeline stages. A minibatch is cut into micro-batches of rows (GPipe,
 * 1F1B) or into consecutive time chunks of all rows (wavefront); outputs flow forward between stages
 * and their gradients back (an encoder-decoder's stages meet at the encoder's output). Each stage
 * owns its units' carried states (per micro-batch of rows, or one state carried from chunk to chunk),
 * so stateful training, truncated BPTT and document resets work as in the whole model. Every
 * micro-batch's loss is scaled by the whole minibatch's weight: the accumulated gradient is the whole
 * model's.
 */
public final class PipelinedModel extends StagedModel {
    private final boolean wavefront;
    private final int[] carried;
    /** [piece][unit]: micro-batch m's rows of each carrying unit's state; the wavefront carries one, piece 0. */
    private LayerState[][] states;
    private LayerState[] stateGradients;
    private int stateRows = -1;

    PipelinedModel(ModelSpec spec, Placement placement, Precision precision) {
        super(spec.build(precision), placement, precision);
        this.wavefront = placement.schedule() == Schedule.WAVEFRONT;
        List<Integer> c = new ArrayList<>();
        for (int u = 0; u < whole.layers(); u++) {
            if (whole.carries(u)) {
                c.add(u);
            }
        }
        this.carried = c.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override public StepLoss forwardBackward(Batch given, SplittableRandom rng) {
        Batch batch = whole.spec().head().stepWeights().apply(given);
        ensureState(batch.rows());
        double weight = batch.weight();
        Batch[] cut = cut(batch);
        SplittableRandom[][] rngs = streams(rng);
        double[] losses = new double[cut.length];
        if (wavefront) {
            for (int u : carried) {
                stageKernels[stageOf(u)].fill(stateGradients[u].buf(), 0, stateGradients[u].size(), 0);
            }
        }
        StageWork[] work = new StageWork[stages];
        for (int s = 0; s < stages; s++) {
            work[s] = new Stage(s, cut, rngs, losses, weight == 0 ? 0 : 1.0 / weight);
        }
        runner.run(work, schedule, cut.length);
        double loss = 0;
        for (double l : losses) {
            loss += l;
        }
        return new StepLoss(loss, weight);
    }

    /** Forward only, stage after stage on this thread (evaluation needs no pipelining). */
    @Override public StepLoss score(Batch given) {
        Batch batch = whole.spec().head().stepWeights().apply(given);
        ensureState(batch.rows());
        double loss = 0;
        Batch[] cut = cut(batch);
        for (int m = 0; m < cut.length; m++) {
            Seq x = null;
            for (int s = 0; s < stages; s++) {
                x = replica(s, 0).forwardUnits(from(s), to(s), x, pass(cut[m], m, false, null));
            }
            loss += replica(stages - 1, 0).outputLoss(x, cut[m], 0, false);
        }
        return new StepLoss(loss, batch.weight());
    }

    private Pass pass(Batch b, int m, boolean training, SplittableRandom rng) {
        return Pass.of(b, training, rng, states[wavefront ? 0 : m], wavefront ? stateGradients : null);
    }

    private Batch[] cut(Batch batch) {
        int total = wavefront ? batch.steps() : batch.rows();
        Batch[] out = new Batch[piecesOf(total)];
        for (int m = 0; m < out.length; m++) {
            int a = pieceStart(total, out.length, m);
            int b = pieceStart(total, out.length, m + 1);
            out[m] = wavefront ? batch.stepSlice(a, b) : batch.rowSlice(a, b);
        }
        return out;
    }

    /** One stage's passes over the micro-batches of one minibatch. */
    private final class Stage implements StageWork {
        private final int s;
        private final Batch[] cut;
        private final SplittableRandom[][] rngs;
        private final double[] losses;
        private final double scale;
        private final Slots slots = new Slots(pieces);

        Stage(int s, Batch[] cut, SplittableRandom[][] rngs, double[] losses, double scale) {
            this.s = s;
            this.cut = cut;
            this.rngs = rngs;
            this.losses = losses;
            this.scale = scale;
        }

        @Override public Object forward(int m, Object input) {
            StackModel r = replica(s, slots.take(m));
            Seq x = r.forwardUnits(from(s), to(s), (Seq) input, pass(cut[m], m, true, rngs[m][s]));
            if (s == stages - 1) {
                losses[m] = r.outputLoss(x, cut[m], scale, true);
                return null;
            }
            return x;
        }

        @Override public Object backward(int m, Object outputGradient) {
            StackModel r = replica(s, slots.of(m));
            Buf d = s == stages - 1 ? r.headBackward() : (Buf) outputGradient;
            Buf dIn = r.backwardUnits(from(s), to(s), d);
            slots.release(m);
            return s == 0 ? null : message(s, m, dIn, r.inputSize());
        }
    }

    private void ensureState(int rows) {
        if (states == null || stateRows != rows) {
            resetState(rows);
        }
    }

    /** The stage that owns unit u. */
    private int stageOf(int u) {
        int s = 0;
        while (s + 1 < stages && from(s + 1) <= u) {
            s++;
        }
        return s;
    }

    @Override public void resetState(int rows) {
        if (states != null && stateRows == rows) {
            for (LayerState[] piece : states) {
                for (int u : carried) {
                    stageKernels[stageOf(u)].fill(piece[u].buf(), 0, piece[u].size(), 0);
                }
            }
            return;
        }
        int n = wavefront ? 1 : piecesOf(rows);
        states = new LayerState[n][whole.layers()];
        stateGradients = wavefront ? new LayerState[whole.layers()] : null;
        for (int u : carried) {
            StackModel owner = replica(stageOf(u), 0);
            for (int m = 0; m < n; m++) {
                int r = wavefront ? rows : pieceStart(rows, n, m + 1) - pieceStart(rows, n, m);
                states[m][u] = owner.newUnitState(u, r);
            }
            if (wavefront) {
                stateGradients[u] = owner.newUnitState(u, rows);
            }
        }
        stateRows = rows;
    }

    /** The whole model's state layout: per unit, per part, all rows in order. */
    @Override public float[] exportState() {
        if (states == null) {
            return new float[0];
        }
        float[] out = new float[stateValues()];
        transferState(out, true);
        return out;
    }

    @Override public void importState(float[] values, int rows) {
        resetState(rows);
        if (values.length == 0) {
            return;
        }
        if (values.length != stateValues()) {
            throw new IllegalArgumentException("a state of " + values.length + " values does not fit " + rows
                    + " rows of this model (" + stateValues() + " expected)");
        }
        transferState(values, false);
    }

    private int stateValues() {
        int total = 0;
        for (LayerState[] piece : states) {
            for (int u : carried) {
                total += piece[u].size();
            }
        }
        return total;
    }

    private void transferState(float[] flat, boolean export) {
        int pos = 0;
        for (int u : carried) {
            int parts = states[0][u].size() / (states[0][u].rows() * states[0][u].hidden());
            for (int p = 0; p < parts; p++) {
                for (LayerState[] piece : states) {
                    LayerState st = piece[u];
                    int n = st.rows() * st.hidden();
                    if (export) {
                        st.buf().read(st.offset(p), flat, pos, n);
                    } else {
                        st.buf().write(st.offset(p), flat, pos, n);
                    }
                    pos += n;
                }
            }
        }
    }
}
