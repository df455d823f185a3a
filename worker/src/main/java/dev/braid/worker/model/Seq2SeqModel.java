package dev.braid.worker.model;

import dev.braid.worker.random.Seeds;
import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.nn.Dropout;
import dev.braid.worker.nn.Embedding;
import dev.braid.worker.nn.Initializer;
import dev.braid.worker.nn.Scratch;
import dev.braid.worker.nn.Slot;
import dev.braid.worker.nn.SoftmaxOutput;
import dev.braid.worker.rnn.LayerState;
import dev.braid.worker.rnn.RecurrentLayer;
import dev.braid.worker.seq2seq.Attention;
import dev.braid.worker.seq2seq.Encoder;
import dev.braid.worker.seq2seq.EncoderMemory;
import java.util.SplittableRandom;

/**
 * Encoder-decoder with attention. Training is teacher-forced over all target steps at once; decoding
 * ({@link #encode}, {@link #step}) runs one step for many hypotheses that share encoder memory rows.
 * Each decoder layer's initial h is {@code tanh(W_l s + b_l)} of the encoder summary {@code s} (the
 * forward direction's output at the last real token, with the backward direction's at the first).
 */
public final class Seq2SeqModel extends ModelParts<Seq2SeqBatch> {
    private final Seq2SeqSpec spec;
    private final Embedding srcEmbed;
    private final Embedding tgtEmbed;
    private final Encoder encoder;
    private final Slot[] bridgeW;
    private final Slot[] bridgeB;
    private final RecurrentLayer[] dec;
    private final Dropout[] decDropout;
    private final Attention attention;
    private final SoftmaxOutput output;
    private final Buf[] h0;
    private Buf summary;
    private Buf dSummary;
    private Buf dEnc;
    private Buf work;
    private int[] identity = new int[0];

    Seq2SeqModel(Seq2SeqSpec spec, Precision precision) {
        this(spec, precision.newKernels(), null, null);
    }

    /** A replica on shared buffers (see {@link ModelParts}); null buffers: a model of its own. */
    Seq2SeqModel(Seq2SeqSpec spec, dev.braid.worker.kernel.Kernels kernels, Buf sharedParams, Buf sharedGrads) {
        super(kernels, sharedParams, sharedGrads);
        this.spec = spec;
        this.srcEmbed = new Embedding("src", layout, spec.sourceVocabulary(), spec.embedding());
        this.tgtEmbed = new Embedding("tgt", layout, spec.targetVocabulary(), spec.embedding());
        this.encoder = new Encoder(layout, spec.cell(), spec.embedding(), spec.hidden(), spec.encoderLayers(),
                spec.bidirectional(), spec.dropout());
        int l = spec.decoderLayers();
        this.bridgeW = new Slot[l];
        this.bridgeB = new Slot[l];
        this.dec = new RecurrentLayer[l];
        this.decDropout = new Dropout[l];
        for (int i = 0; i < l; i++) {
            bridgeW[i] = layout.add("bridge" + i + ".W", encoder.outputDim(), spec.hidden());
            bridgeB[i] = layout.add("bridge" + i + ".b", 1, spec.hidden());
            dec[i] = spec.cell().create("dec" + i, layout, i == 0 ? spec.embedding() : spec.hidden(), spec.hidden());
            dec[i].computeInitialStateGradient(true);
            decDropout[i] = new Dropout(spec.dropout());
        }
        this.attention = new Attention("att", layout, spec.attention(), encoder.outputDim(), spec.hidden());
        this.output = new SoftmaxOutput("out", layout, spec.hidden(), spec.targetVocabulary());
        allocate();
        this.h0 = new Buf[l];
        srcEmbed.bind(k, params, grads);
        tgtEmbed.bind(k, params, grads);
        encoder.bind(k, params, grads);
        for (int i = 0; i < l; i++) {
            dec[i].bind(k, params, grads);
            decDropout[i].bind(k);
        }
        attention.bind(k, params, grads);
        output.bind(k, params, grads);
    }

    @Override public Seq2SeqSpec spec() {
        return spec;
    }

    public Attention attention() {
        return attention;
    }

    @Override public void initParams(long seed) {
        SplittableRandom rng = Seeds.init(seed);
        srcEmbed.init(params, rng);
        tgtEmbed.init(params, rng);
        encoder.init(params, rng);
        for (int i = 0; i < dec.length; i++) {
            Initializer.xavier(params, bridgeW[i], encoder.outputDim(), spec.hidden(), rng);
            Initializer.columns(params, bridgeB[i], 0, spec.hidden(), 0);
            dec[i].init(params, rng);
        }
        attention.init(params, rng);
        output.init(params, rng);
        params.modified();
    }

    @Override public StepLoss forwardBackward(Seq2SeqBatch b, SplittableRandom rng) {
        Buf enc = encodeSource(b.source(), b.sourceLengths(), b.sourceSteps(), b.rows(), true, rng);
        double weight = b.targetTokens();
        double loss = decoderForward(b, enc, true, rng, weight == 0 ? 0 : 1.0 / weight);
        encoderBackward(decoderBackward(b));
        return new StepLoss(loss, weight);
    }

    /** Cross-entropy (with the spec's label smoothing) without dropout or gradients. */
    @Override public StepLoss score(Seq2SeqBatch b) {
        Buf enc = encodeSource(b.source(), b.sourceLengths(), b.sourceSteps(), b.rows(), false, null);
        return new StepLoss(decoderForward(b, enc, false, null, 0), b.targetTokens());
    }

    /**
     * The decoder side of a training step on the encoder's outputs {@code enc}: bridge, decoder,
     * attention and output. Returns the loss; its gradient, scaled by {@code scale}, is kept for
     * {@link #decoderBackward}.
     */
    double decoderForward(Seq2SeqBatch b, Buf enc, boolean training, SplittableRandom rng, double scale) {
        EncoderMemory memory = bridge(enc, b.sourceLengths(), b.sourceSteps(), b.rows());
        Buf y = tgtEmbed.forward(b.targetIn(), b.targetSteps() * b.rows());
        for (int i = 0; i < dec.length; i++) {
            LayerState s = dec[i].newState(b.rows());
            k.copy(h0[i], 0, s.buf(), s.offset(0), b.rows() * spec.hidden());
            y = dec[i].forward(y, b.targetSteps(), b.rows(), s, null);
            y = decDropout[i].forward(y, b.targetSteps() * b.rows() * spec.hidden(), training, rng);
        }
        Buf o = attention.forward(y, b.targetSteps(), b.rows(), memory, identity(b.rows()));
        output.logits(o, b.targetSteps() * b.rows());
        return output.loss(b.targetOut(), b.weights(), spec.labelSmoothing(), scale);
    }

    /** Back through the decoder side; returns the gradient of the encoder's outputs. */
    Buf decoderBackward(Seq2SeqBatch b) {
        Buf dY = attention.backward(output.backward());
        int memSize = b.sourceSteps() * b.rows() * encoder.outputDim();
        dEnc = Scratch.ensure(k, dEnc, memSize);
        k.copy(attention.encoderGradient(), 0, dEnc, 0, memSize);
        dSummary = Scratch.ensure(k, dSummary, b.rows() * encoder.outputDim());
        k.fill(dSummary, 0, b.rows() * encoder.outputDim(), 0);
        for (int i = dec.length - 1; i >= 0; i--) {
            dY = dec[i].backward(decDropout[i].backward(dY));
            bridgeBackward(i, b.rows());
        }
        tgtEmbed.backward(dY);
        scatterSummary(dSummary, dEnc, b);
        return dEnc;
    }

    /** Back through the encoder side from the gradient of its outputs. */
    void encoderBackward(Buf dEncoderOut) {
        srcEmbed.backward(encoder.backward(dEncoderOut));
    }

    /** Width of the encoder's outputs per source position. */
    int encoderWidth() {
        return encoder.outputDim();
    }

    /** Encodes time-major sources; leaves the bridged initial decoder states for {@link #initialStates}. */
    public EncoderMemory encode(int[] source, int[] lengths, int steps, int rows, boolean training, SplittableRandom rng) {
        return bridge(encodeSource(source, lengths, steps, rows, training, rng), lengths, steps, rows);
    }

    /** The encoder side: top-layer outputs {@code [steps*rows, encoderWidth]} of time-major sources. */
    Buf encodeSource(int[] source, int[] lengths, int steps, int rows, boolean training, SplittableRandom rng) {
        int[] src = spec.reverseSource() ? reversed(source, lengths, steps, rows) : source;
        Buf x = srcEmbed.forward(src, steps * rows);
        return encoder.forward(x, steps, rows, lengths, training, rng);
    }

    /** The decoder's view of encoder outputs: each layer's bridged initial state and the attention memory. */
    private EncoderMemory bridge(Buf enc, int[] lengths, int steps, int rows) {
        int d = encoder.outputDim();
        summary = Scratch.ensure(k, summary, rows * d);
        int h = encoder.hidden();
        for (int b = 0; b < rows; b++) {
            k.copy(enc, ((lengths[b] - 1) * rows + b) * d, summary, b * d, h);
            if (encoder.bidirectional()) {
                k.copy(enc, b * d + h, summary, b * d + h, h);
            }
        }
        for (int i = 0; i < dec.length; i++) {
            h0[i] = Scratch.ensure(k, h0[i], rows * spec.hidden());
            k.gemm(false, false, rows, spec.hidden(), d, 1, summary, 0, params, bridgeW[i].offset(), 0, h0[i], 0);
            k.addRowVector(h0[i], 0, rows, spec.hidden(), params, bridgeB[i].offset());
            k.tanh(h0[i], 0, h0[i], 0, rows * spec.hidden());
        }
        return attention.memory(enc, steps, rows, lengths);
    }

    private void bridgeBackward(int i, int rows) {
        int h = spec.hidden();
        int d = encoder.outputDim();
        work = Scratch.ensure(k, work, rows * h);
        k.tanhBackward(h0[i], 0, dec[i].initialHGradient(), 0, work, 0, rows * h);
        k.gemm(true, false, d, h, rows, 1, summary, 0, work, 0, 1, grads, bridgeW[i].offset());
        k.addColumnSums(work, 0, rows, h, h, grads, bridgeB[i].offset());
        k.gemm(false, true, rows, d, h, 1, work, 0, params, bridgeW[i].offset(), 1, dSummary, 0);
    }

    private void scatterSummary(Buf dS, Buf dE, Seq2SeqBatch b) {
        int d = encoder.outputDim();
        int h = encoder.hidden();
        for (int r = 0; r < b.rows(); r++) {
            int last = ((b.sourceLengths()[r] - 1) * b.rows() + r) * d;
            k.add(dE, last, dS, r * d, dE, last, h);
            if (encoder.bidirectional()) {
                k.add(dE, r * d + h, dS, r * d + h, dE, r * d + h, h);
            }
        }
    }

    /** Decoder states for hypotheses: row r starts from source row {@code memoryRow[r]}'s bridged state. */
    public LayerState[] initialStates(int[] memoryRow) {
        LayerState[] states = new LayerState[dec.length];
        for (int i = 0; i < dec.length; i++) {
            states[i] = dec[i].newState(memoryRow.length);
            for (int r = 0; r < memoryRow.length; r++) {
                k.copy(h0[i], memoryRow[r] * spec.hidden(), states[i].buf(), states[i].offset(0) + r * spec.hidden(),
                        spec.hidden());
            }
        }
        return states;
    }

    /**
     * One decoding step for {@code prev.length} hypotheses: feeds each its previous token, advances its
     * states in place, and writes next-token log-probabilities {@code [rows, V]} into {@code logProbs}.
     */
    public void step(EncoderMemory memory, int[] prev, LayerState[] states, int[] memoryRow, Buf logProbs) {
        int rows = prev.length;
        Buf y = tgtEmbed.forward(prev, rows);
        for (int i = 0; i < dec.length; i++) {
            y = dec[i].forward(y, 1, rows, states[i], null);
        }
        Buf o = attention.forward(y, 1, rows, memory, memoryRow);
        Buf logits = output.logits(o, rows);
        k.logSoftmax(logits, 0, rows, spec.targetVocabulary(), logProbs, 0);
    }

    private int[] identity(int n) {
        if (identity.length != n) {
            identity = new int[n];
            for (int i = 0; i < n; i++) {
                identity[i] = i;
            }
        }
        return identity;
    }

    private static int[] reversed(int[] source, int[] lengths, int steps, int rows) {
        int[] out = source.clone();
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                out[t * rows + b] = source[(lengths[b] - 1 - t) * rows + b];
            }
        }
        return out;
    }

    @Override public void resetState(int rows) {
        // stateless: every batch starts from the encoder
    }

    @Override public float[] exportState() {
        return new float[0];
    }

    @Override public void importState(float[] state, int rows) {
        // stateless
    }
}
