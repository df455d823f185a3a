package dev.braid.worker.model;

import dev.braid.worker.random.Seeds;
import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.nn.Dropout;
import dev.braid.worker.nn.Embedding;
import dev.braid.worker.nn.Scratch;
import dev.braid.worker.nn.SoftmaxOutput;
import dev.braid.worker.rnn.LayerState;
import dev.braid.worker.rnn.RecurrentLayer;
import java.util.SplittableRandom;

/** Embedding, stacked recurrent layers with dropout after each, softmax over the vocabulary. */
public final class LanguageModel extends ModelParts<LmBatch> {
    private final LanguageModelSpec spec;
    private final Embedding embedding;
    private final RecurrentLayer[] rnn;
    private final Dropout[] dropout;
    private final SoftmaxOutput output;
    private LayerState[] state;
    private Buf lastLogits;
    private int lastSize;
    private Buf distributions;

    LanguageModel(LanguageModelSpec spec, Precision precision) {
        this(spec, precision.newKernels(), null, null);
    }

    /** A replica on shared buffers (see {@link ModelParts}); null buffers: a model of its own. */
    LanguageModel(LanguageModelSpec spec, Kernels kernels, Buf sharedParams, Buf sharedGrads) {
        super(kernels, sharedParams, sharedGrads);
        this.spec = spec;
        this.embedding = new Embedding("embed", layout, spec.vocabulary(), spec.embedding());
        this.rnn = new RecurrentLayer[spec.layers()];
        this.dropout = new Dropout[spec.layers()];
        int in = spec.embedding();
        for (int l = 0; l < spec.layers(); l++) {
            rnn[l] = spec.cell().create("rnn" + l, layout, in, spec.hidden());
            dropout[l] = new Dropout(spec.dropout());
            in = spec.hidden();
        }
        this.output = new SoftmaxOutput("out", layout, in, spec.vocabulary());
        allocate();
        embedding.bind(k, params, grads);
        for (int l = 0; l < rnn.length; l++) {
            rnn[l].bind(k, params, grads);
            dropout[l].bind(k);
        }
        output.bind(k, params, grads);
    }

    @Override public LanguageModelSpec spec() {
        return spec;
    }

    @Override public void initParams(long seed) {
        SplittableRandom rng = Seeds.init(seed);
        embedding.init(params, rng);
        for (RecurrentLayer layer : rnn) {
            layer.init(params, rng);
        }
        output.init(params, rng);
        params.modified();
    }

    @Override public StepLoss forwardBackward(LmBatch batch, SplittableRandom rng) {
        ensureState(batch.rows());
        Buf x = forwardUnits(0, rnn.length + 1, null, batch, state, true, rng);
        double weight = weightSum(batch);
        double loss = outputLoss(x, batch, weight == 0 ? 0 : 1.0 / weight);
        backwardUnits(0, rnn.length + 1, output.backward(), null);
        return new StepLoss(loss, weight);
    }

    /**
     * Runs units {@code [from, to)} short of the output on {@code batch}: {@code x} is the input of
     * unit {@code from} (ignored when that is the embedding); recurrent layer l runs from and leaves its
     * final state in {@code states[l]}. Returns the last unit's output.
     */
    Buf forwardUnits(int from, int to, Buf x, LmBatch batch, LayerState[] states, boolean training,
                     SplittableRandom rng) {
        int n = batch.size();
        for (int u = from; u < Math.min(to, rnn.length + 1); u++) {
            if (u == 0) {
                x = embedding.forward(batch.inputs(), n);
                continue;
            }
            int l = u - 1;
            x = rnn[l].forward(x, batch.steps(), batch.rows(), states[l], batch.keep());
            x = dropout[l].forward(x, n * rnn[l].hidden(), training, rng);
        }
        return x;
    }

    /** The output unit: logits of {@code x} and the loss of {@code batch}, its gradient scaled by {@code scale}. */
    double outputLoss(Buf x, LmBatch batch, double scale) {
        keep(output.logits(x, batch.size()), batch.size());
        return output.loss(batch.targets(), batch.weights(), 0, scale);
    }

    /** The output unit's backward: the gradient of its input. */
    Buf outputBackward() {
        return output.backward();
    }

    /**
     * Back through units {@code [from, to)} short of the output, from the gradient {@code d} of unit
     * {@code to - 1}'s output; {@code stateGradients} (null: none) carries each recurrent layer's state
     * gradient between time chunks. Returns the gradient of unit {@code from}'s input (null at the embedding).
     */
    Buf backwardUnits(int from, int to, Buf d, LayerState[] stateGradients) {
        for (int u = Math.min(to, rnn.length + 1) - 1; u >= from; u--) {
            if (u == 0) {
                embedding.backward(d);
                return null;
            }
            int l = u - 1;
            d = rnn[l].backward(dropout[l].backward(d), stateGradients == null ? null : stateGradients[l]);
        }
        return d;
    }

    /** A zero state of layer l for {@code rows} rows (for a pipeline stage that owns it). */
    LayerState newLayerState(int l, int rows) {
        return rnn[l].newState(rows);
    }


    @Override public StepLoss score(LmBatch batch) {
        ensureState(batch.rows());
        Buf x = forwardUnits(0, rnn.length + 1, null, batch, state, false, null);
        return new StepLoss(outputLoss(x, batch, 0), weightSum(batch));
    }

    /** Next-token probabilities {@code [rows, V]} after feeding {@code batch}, for sampling. */
    public Buf probabilities(LmBatch batch, double temperature, Buf into) {
        ensureState(batch.rows());
        Buf x = forwardUnits(0, rnn.length + 1, null, batch, state, false, null);
        Buf logits = output.logits(x, batch.size());
        int v = spec.vocabulary();
        int lastRow = (batch.steps() - 1) * batch.rows();
        k.softmax(logits, lastRow * v, batch.rows(), v, temperature, into, 0);
        return into;
    }

    /**
     * The next-token distributions {@code [n, V]} (rows in batch order) of the batch last passed to
     * {@link #score} or {@link #forwardBackward}, for evaluations that combine them with other models.
     */
    public float[] lastDistributions() {
        if (lastLogits == null) {
            throw new IllegalStateException("no batch has been scored yet");
        }
        int v = spec.vocabulary();
        distributions = Scratch.ensure(k, distributions, lastSize * v);
        k.softmax(lastLogits, 0, lastSize, v, 1.0, distributions, 0);
        float[] out = new float[lastSize * v];
        distributions.read(0, out, 0, out.length);
        return out;
    }

    private void keep(Buf logits, int n) {
        lastLogits = logits;
        lastSize = n;
    }

    static double weightSum(LmBatch batch) {
        double w = 0;
        for (int i = 0; i < batch.size(); i++) {
            w += batch.weights()[i];
        }
        return w;
    }

    private void ensureState(int rows) {
        if (state == null || state[0].rows() != rows) {
            resetState(rows);
        }
    }

    @Override public void resetState(int rows) {
        state = new LayerState[rnn.length];
        for (int l = 0; l < rnn.length; l++) {
            state[l] = rnn[l].newState(rows);
        }
    }

    @Override public float[] exportState() {
        if (state == null) {
            return new float[0];
        }
        int total = 0;
        for (LayerState s : state) {
            total += s.size();
        }
        float[] out = new float[total];
        int pos = 0;
        for (LayerState s : state) {
            s.buf().read(0, out, pos, s.size());
            pos += s.size();
        }
        return out;
    }

    @Override public void importState(float[] values, int rows) {
        resetState(rows);
        if (values.length == 0) {
            return;
        }
        int expected = 0;
        for (LayerState s : state) {
            expected += s.size();
        }
        if (values.length != expected) {
            throw new IllegalArgumentException("a state of " + values.length + " values does not fit " + rows
                    + " rows of this model (" + expected + " expected)");
        }
        int pos = 0;
        for (LayerState s : state) {
            s.buf().write(0, values, pos, s.size());
            pos += s.size();
        }
    }
}
