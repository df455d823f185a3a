package dev.braid.worker.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.worker.rnn.CellType;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encoder-decoder gradients against finite differences (double precision): attention (both scores),
 * the decoder steps, the bridge into the decoder's initial state, the bidirectional encoder with
 * variable source lengths, and masked targets. Also the masking guarantees of padding.
 */
class Seq2SeqGradientCheckTest {
    private static final int SRC_V = 9;
    private static final int TGT_V = 8;

    /** Three pairs: source lengths 5, 3, 1 of 5 steps; targets of 4 steps with padding (weight 0). */
    static Batch batch(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int rows = 3, ts = 5, td = 4;
        int[] lengths = {5, 3, 1};
        int[] tgtLengths = {4, 2, 3};
        int[] src = new int[rows * ts];
        int[] in = new int[rows * td];
        int[] out = new int[rows * td];
        float[] w = new float[rows * td];
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < ts; t++) {
                src[t * rows + b] = t < lengths[b] ? 4 + rng.nextInt(SRC_V - 4) : 0;
            }
            for (int t = 0; t < td; t++) {
                boolean real = t < tgtLengths[b];
                in[t * rows + b] = real ? (t == 0 ? 1 : 4 + rng.nextInt(TGT_V - 4)) : 0;
                out[t * rows + b] = real ? 4 + rng.nextInt(TGT_V - 4) : 0;
                w[t * rows + b] = real ? 1 : 0;
            }
        }
        return Batch.pairs(rows, ts, td, src, lengths, in, out, w);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(CellType.LSTM, AttentionType.LUONG, true, false, 0.0),
                Arguments.of(CellType.LSTM, AttentionType.BAHDANAU, true, false, 0.1),
                Arguments.of(CellType.GRU, AttentionType.LUONG, false, true, 0.0),
                Arguments.of(CellType.GRU, AttentionType.BAHDANAU, true, true, 0.2));
    }

    @ParameterizedTest(name = "{0} {1} bidirectional={2} reverse={3} smoothing={4}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(CellType cell, AttentionType att, boolean bidir, boolean reverse, double smoothing) {
        StackModel model = new Seq2SeqSpec(SRC_V, TGT_V, 4, cell, 5, 2, 2, bidir, att, 0.0, smoothing, reverse)
                .build(Precision.DOUBLE);
        model.initParams(3);
        Batch b = batch(4);
        model.kernels().fill(model.grads(), 0, model.layout().size(), 0);
        model.forwardBackward(b, new SplittableRandom(1));
        Buf p = model.params();
        double worst = 0;
        String at = "";
        for (int i = 0; i < model.layout().size(); i++) {
            double orig = p.get(i);
            p.set(i, orig + 1e-6);
            p.modified();
            double plus = model.score(b).mean();
            p.set(i, orig - 1e-6);
            p.modified();
            double minus = model.score(b).mean();
            p.set(i, orig);
            p.modified();
            double numeric = (plus - minus) / 2e-6;
            double analytic = model.grads().get(i);
            double abs = Math.abs(numeric - analytic);
            double err = abs < 1e-9 ? 0 : abs / (Math.abs(numeric) + Math.abs(analytic));
            if (err > worst) {
                worst = err;
                at = i + " " + slotOf(model, i) + " analytic " + analytic + " numeric " + numeric;
            }
        }
        assertThat(worst).as("worst at %s", at).isLessThan(1e-5);
    }

    private static String slotOf(StackModel m, int i) {
        return m.layout().slots().stream().filter(s -> i >= s.offset() && i < s.offset() + s.length())
                .findFirst().map(s -> s.name()).orElse("?");
    }

    @Test
    void attentionWeightsSumToOneOverRealPositionsAndAreZeroOnPadding() {
        for (AttentionType att : AttentionType.values()) {
            StackModel model = new Seq2SeqSpec(SRC_V, TGT_V, 4, CellType.LSTM, 6, 1, 1, true, att, 0.0, 0.0, false)
                    .build(Precision.DOUBLE);
            model.initParams(5);
            Batch b = batch(6);
            model.score(b);
            Buf a = ((dev.braid.worker.stack.AttentionUnit) model.unit("att")).weights();
            for (int r = 0; r < b.rows(); r++) {
                for (int t = 0; t < b.steps(); t++) {
                    double sum = 0;
                    for (int j = 0; j < b.sourceSteps(); j++) {
                        double v = a.get((r * b.steps() + t) * b.sourceSteps() + j);
                        if (j >= b.sourceLengths()[r]) {
                            assertThat(v).isZero();
                        }
                        sum += v;
                    }
                    assertThat(sum).isCloseTo(1.0, within(1e-12));
                }
            }
        }
    }

    @Test
    void paddedTokensDoNotChangeTheLoss() {
        StackModel model = new Seq2SeqSpec(SRC_V, TGT_V, 4, CellType.GRU, 6, 2, 2, true, AttentionType.BAHDANAU, 0.0, 0.1,
                false).build(Precision.DOUBLE);
        model.initParams(7);
        Batch b = batch(8);
        double before = model.score(b).sum();
        int[] src = b.source().clone();
        int[] in = b.inputs().clone();
        int[] out = b.targets().clone();
        for (int i = 0; i < src.length; i++) {
            int t = i / b.rows(), r = i % b.rows();
            if (t >= b.sourceLengths()[r]) {
                src[i] = 7;
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (b.weights()[i] == 0) {
                in[i] = 6;
                out[i] = 5;
            }
        }
        double after = model.score(Batch.pairs(b.rows(), b.sourceSteps(), b.steps(), src, b.sourceLengths(), in,
                out, b.weights())).sum();
        assertThat(after).isCloseTo(before, within(1e-12));
    }
}
