package dev.braid.worker.model;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.pipeline.Placement;
import dev.braid.worker.pipeline.Schedule;
import dev.braid.worker.pipeline.StageWork;
import dev.braid.worker.rnn.LayerState;
import java.util.SplittableRandom;

/**
 * A language model split by layers into pipeline stages. A minibatch is cut into micro-batches of rows
 * (GPipe, 1F1B) or into consecutive time chunks of all rows (wavefront); each stage owns its recurrent
 * layers' carried states (per micro-batch of rows, or one state carried from chunk to chunk), so
 * stateful training, truncated BPTT and document resets work as in the whole model. Every micro-batch's
 * loss is scaled by the whole minibatch's weight: the accumulated gradient is the whole model's.
 */
public final class PipelinedLanguageModel extends StagedModel<LmBatch, LanguageModel> {
    private final LanguageModelSpec spec;
    private final boolean wavefront;
    /** [piece][layer]: micro-batch m's rows of each layer's state; the wavefront carries one, piece 0. */
    private LayerState[][] states;
    private LayerState[] stateGradients;
    private int stateRows = -1;

    PipelinedLanguageModel(LanguageModelSpec spec, Placement placement, Precision precision) {
        this(spec, spec.build(precision), placement, precision);
    }

    private PipelinedLanguageModel(LanguageModelSpec spec, LanguageModel whole, Placement placement, Precision precision) {
        super(whole, spec.units(), placement, precision, k -> new LanguageModel(spec, k, whole.params(), whole.grads()));
        this.spec = spec;
        this.wavefront = placement.schedule() == Schedule.WAVEFRONT;
    }

    @Override public LanguageModelSpec spec() {
        return spec;
    }

    @Override public StepLoss forwardBackward(LmBatch batch, SplittableRandom rng) {
        ensureState(batch.rows());
        double weight = LanguageModel.weightSum(batch);
        LmBatch[] cut = cut(batch);
        SplittableRandom[][] rngs = streams(rng);
        double[] losses = new double[cut.length];
        if (wavefront) {
            for (int l = 0; l < stateGradients.length; l++) {
                stageKernels[stageOfLayer(l)].fill(stateGradients[l].buf(), 0, stateGradients[l].size(), 0);
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
    @Override public StepLoss score(LmBatch batch) {
        ensureState(batch.rows());
        double loss = 0;
        LmBatch[] cut = cut(batch);
        for (int m = 0; m < cut.length; m++) {
            Buf x = null;
            for (int s = 0; s < stages; s++) {
                x = replica(s, 0).forwardUnits(from(s), to(s), x, cut[m], stateOf(m), false, null);
            }
            loss += replica(stages - 1, 0).outputLoss(x, cut[m], 0);
        }
        return new StepLoss(loss, LanguageModel.weightSum(batch));
    }

    private LmBatch[] cut(LmBatch batch) {
        int total = wavefront ? batch.steps() : batch.rows();
        LmBatch[] out = new LmBatch[piecesOf(total)];
        for (int m = 0; m < out.length; m++) {
            int a = pieceStart(total, out.length, m);
            int b = pieceStart(total, out.length, m + 1);
            out[m] = wavefront ? batch.stepSlice(a, b) : batch.rowSlice(a, b);
        }
        return out;
    }

    private LayerState[] stateOf(int m) {
        return states[wavefront ? 0 : m];
    }

    /** One stage's passes over the micro-batches of one minibatch. */
    private final class Stage implements StageWork {
        private final int s;
        private final LmBatch[] cut;
        private final SplittableRandom[][] rngs;
        private final double[] losses;
        private final double scale;
        private final Slots slots = new Slots(pieces);

        Stage(int s, LmBatch[] cut, SplittableRandom[][] rngs, double[] losses, double scale) {
            this.s = s;
            this.cut = cut;
            this.rngs = rngs;
            this.losses = losses;
            this.scale = scale;
        }

        @Override public Object forward(int m, Object input) {
            LanguageModel r = replica(s, slots.take(m));
            Buf x = r.forwardUnits(from(s), to(s), (Buf) input, cut[m], stateOf(m), true, rngs[m][s]);
            if (s == stages - 1) {
                losses[m] = r.outputLoss(x, cut[m], scale);
                return null;
            }
            return x;
        }

        @Override public Object backward(int m, Object outputGradient) {
            LanguageModel r = replica(s, slots.of(m));
            Buf d = s == stages - 1 ? r.outputBackward() : (Buf) outputGradient;
            Buf dIn = r.backwardUnits(from(s), to(s), d, wavefront ? stateGradients : null);
            slots.release(m);
            if (s == 0) {
                return null;
            }
            int width = from(s) == 1 ? spec.embedding() : spec.hidden();
            return message(s, m, dIn, cut[m].size() * width);
        }
    }

    private void ensureState(int rows) {
        if (states == null || stateRows != rows) {
            resetState(rows);
        }
    }

    /** The stage that owns recurrent layer l (unit l + 1). */
    private int stageOfLayer(int l) {
        int s = 0;
        while (s + 1 < stages && from(s + 1) <= l + 1) {
            s++;
        }
        return s;
    }

    @Override public void resetState(int rows) {
        if (states != null && stateRows == rows) {
            for (LayerState[] piece : states) {
                for (int l = 0; l < piece.length; l++) {
                    stageKernels[stageOfLayer(l)].fill(piece[l].buf(), 0, piece[l].size(), 0);
                }
            }
            return;
        }
        int n = wavefront ? 1 : piecesOf(rows);
        states = new LayerState[n][spec.layers()];
        stateGradients = wavefront ? new LayerState[spec.layers()] : null;
        for (int l = 0; l < spec.layers(); l++) {
            LanguageModel owner = replica(stageOfLayer(l), 0);
            for (int m = 0; m < n; m++) {
                int r = wavefront ? rows : pieceStart(rows, n, m + 1) - pieceStart(rows, n, m);
                states[m][l] = owner.newLayerState(l, r);
            }
            if (wavefront) {
                stateGradients[l] = owner.newLayerState(l, rows);
            }
        }
        stateRows = rows;
    }

    /** The whole model's state layout: per layer, per part, all rows in order. */
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
            for (LayerState st : piece) {
                total += st.size();
            }
        }
        return total;
    }

    private void transferState(float[] flat, boolean export) {
        int pos = 0;
        for (int l = 0; l < spec.layers(); l++) {
            int parts = states[0][l].size() / (states[0][l].rows() * spec.hidden());
            for (int p = 0; p < parts; p++) {
                for (LayerState[] piece : states) {
                    LayerState st = piece[l];
                    int n = st.rows() * spec.hidden();
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
