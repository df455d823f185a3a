package dev.braid.worker.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.worker.kernel.Activation;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.kernel.RegressionLoss;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.FiniteDifferences;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.rnn.CellType;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer and head of the stack checked by central finite differences in double precision (the
 * reference kernels), from a random non-zero carried state where the stack carries one, with resets,
 * padded rows, dropout (the same masks for the analytic and the numeric loss: the same seed), and
 * per-step loss weights; then the same model in float (the vector kernels) against double.
 * An entry passes with relative error below 1e-5, or absolute error below 1e-9 (the round-off floor of
 * a central difference with eps 1e-6).
 */
class LayerGradientCheckTest {
    private static final int T = 5;
    private static final int B = 3;
    private static final int F = 3;

    /** A case: the model, and whether its batch has per-row lengths, one output per row, token inputs. */
    record Case(String name, ModelSpec spec, boolean padded, boolean perRow, boolean tokens, int outSteps) {
        @Override public String toString() {
            return name;
        }
    }

    private static ModelSpec stack(HeadSpec head, LayerSpec... layers) {
        return ModelSpec.of(List.of(layers), head);
    }

    private static RegressionSpec mse(int outputs) {
        return new RegressionSpec("out", outputs, RegressionLoss.MSE, 1, StepWeights.NONE);
    }

    static Stream<Case> cases() {
        FeaturesSpec in = new FeaturesSpec("in", F);
        Stream.Builder<Case> c = Stream.builder();
        for (Activation a : Activation.values()) {
            c.add(new Case("dense " + a, stack(mse(2), in, new DenseSpec("d", 4, a)), false, false, false, T));
        }
        c.add(new Case("dropout layer", stack(mse(2), in, new DenseSpec("d", 4, Activation.TANH), new DropoutSpec("x", 0.3)),
                false, false, false, T));
        for (Conv1DSpec.Padding p : Conv1DSpec.Padding.values()) {
            Conv1DSpec conv = new Conv1DSpec("c", 4, 3, 1, 2, p, Activation.TANH);
            c.add(new Case("conv1d " + p + " dilation 2", stack(mse(1), in, conv), false, false, false, conv.outputSteps(T)));
        }
        Conv1DSpec strided = new Conv1DSpec("c", 4, 2, 2, 1, Conv1DSpec.Padding.SAME, Activation.RELU);
        c.add(new Case("conv1d stride 2", stack(mse(1), in, strided), false, false, false, strided.outputSteps(T)));
        // a layer before the convolution: its input gradient reaches parameters
        for (Conv1DSpec conv : List.of(new Conv1DSpec("c", 3, 3, 1, 2, Conv1DSpec.Padding.CAUSAL, Activation.TANH),
                new Conv1DSpec("c", 3, 3, 2, 1, Conv1DSpec.Padding.VALID, Activation.SIGMOID))) {
            c.add(new Case("dense into conv1d stride " + conv.stride(), stack(mse(1), in, new DenseSpec("d", 4,
                    Activation.TANH), conv), false, false, false, conv.outputSteps(T)));
        }
        c.add(new Case("conv1d into lstm", stack(mse(1), in, new Conv1DSpec("c", 4, 2, 1, 1, Conv1DSpec.Padding.CAUSAL,
                Activation.LINEAR), new RecurrentSpec("r", CellType.LSTM, 3, 0)), false, false, false, T));
        // features before the output: the LSTM's gradient arrives through the concatenation's input part
        c.add(new Case("lstm, features concatenated, dense", stack(mse(2), in, new RecurrentSpec("r", CellType.LSTM, 3, 0),
                new ConcatSpec("cat", F), new DenseSpec("d", 4, Activation.TANH)), false, false, false, T));
        c.add(new Case("wavenet, projected input", stack(mse(1), in, new WaveNetSpec("w", 4, 2, List.of(1, 2))), false,
                false, false, T));
        c.add(new Case("wavenet, input of its width", stack(mse(1), new FeaturesSpec("in", 4),
                new WaveNetSpec("w", 4, 3, List.of(1, 2, 1))), false, false, false, T));
        for (PoolSpec.Mode m : PoolSpec.Mode.values()) {
            c.add(new Case("pool " + m, stack(new SigmoidSpec("out", 2, StepWeights.NONE), in,
                    new RecurrentSpec("r", CellType.GRU, 4, 0), new PoolSpec("p", m)), true, true, false, 1));
        }
        c.add(new Case("bidirectional gru, pooled, softmax per row", stack(new SoftmaxSpec("out", 3, 0.1),
                in, new BidirectionalSpec("bi", new RecurrentSpec("bi", CellType.GRU, 3, 0.2)),
                new PoolSpec("p", PoolSpec.Mode.MEAN)), true, true, false, 1));
        c.add(new Case("repeat (vec2seq)", stack(mse(2), new FeaturesSpec("in", F), new PoolSpec("p", PoolSpec.Mode.LAST),
                new RepeatSpec("rep", 0), new RecurrentSpec("r", CellType.GRU, 4, 0)), false, false, false, T));
        c.add(new Case("peephole lstm", stack(new SoftmaxSpec("out", 7, 0), new EmbeddingSpec("e", 7, 4, false),
                new RecurrentSpec("r", CellType.LSTM, 4, 0, null, null, true, 0),
                new RecurrentSpec("r2", CellType.LSTM, 3, 0, null, null, true, 0)), false, false, true, T));
        // the batch's targets leave some of the 12 classes out of the shortlist's softmax
        c.add(new Case("lstm, softmax trained on a shortlist", stack(new SoftmaxSpec("out", 12, 0.1, StepWeights.NONE, 2),
                new EmbeddingSpec("e", 7, 4, false), new RecurrentSpec("r", CellType.LSTM, 4, 0)), false, false, true, T));
        // tied: the embedding's table is also the projection, its gradient the sum of both uses (tokens < 7)
        for (int shortlist : new int[] {0, 2}) {
            c.add(new Case("lstm, softmax tied to the embedding, shortlist " + shortlist, stack(new SoftmaxSpec("out", 12, 0.1,
                    StepWeights.NONE, shortlist, "e"), new EmbeddingSpec("e", 12, 4, false), new RecurrentSpec("r",
                    CellType.LSTM, 4, 0)), false, false, true, T));
        }
        for (CellType cell : CellType.values()) {
            c.add(new Case("recurrent dropout " + cell, stack(mse(1), in, new RecurrentSpec("r", cell, 4, 0.2, null, null,
                    false, 0.3), new RecurrentSpec("r2", cell, 3, 0, null, null, cell == CellType.LSTM, 0.25)), false, false,
                    false, T));
        }
        for (RegressionLoss loss : RegressionLoss.values()) {
            c.add(new Case("regression " + loss + ", step weights", stack(new RegressionSpec("out", 2, loss, 0.3,
                    new StepWeights(1, List.of(0.5, 2.0))), in, new DenseSpec("d", 4, Activation.TANH)), false, false, false, T));
        }
        c.add(new Case("sigmoid multi-label per step", stack(new SigmoidSpec("out", 3, new StepWeights(2, List.of())), in,
                new RecurrentSpec("r", CellType.RNN_TANH, 4, 0)), false, false, false, T));
        return c.build();
    }

    /** A batch for {@code c}: features or tokens, lengths when padded, targets per output. */
    static Batch batch(Case c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = T * B;
        int[] lengths = c.padded() ? new int[] {T, 2, 4} : null;
        float[] features = new float[n * 4];
        int[] tokens = new int[n];
        float[] keep = new float[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = rng.nextInt(7);
            keep[i] = rng.nextInt(4) == 0 ? 0 : 1;
        }
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        int outputs = c.perRow() ? B : c.outSteps() * B;
        int width = c.spec().head().outputs();
        float[] values = new float[outputs * width];
        int[] targets = new int[outputs];
        float[] weights = new float[outputs];
        for (int i = 0; i < outputs; i++) {
            targets[i] = rng.nextInt(width);
            weights[i] = rng.nextInt(5) == 0 ? 0 : 1;
            for (int j = 0; j < width; j++) {
                values[i * width + j] = c.spec().head() instanceof SigmoidSpec ? rng.nextInt(2) : (float) rng.nextGaussian();
            }
        }
        int featureWidth = c.spec().stack().get(0) instanceof FeaturesSpec f ? f.width() : 0;
        float[] used = new float[n * featureWidth];
        System.arraycopy(features, 0, used, 0, used.length);
        return new Batch(B, T, c.tokens() ? tokens : null, c.tokens() ? null : used, c.padded() ? null : keep, lengths, 0,
                null, null, targets, values, weights);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void analyticGradientsMatchFiniteDifferences(Case c) {
        StackModel model = c.spec().build(Precision.DOUBLE);
        model.initParams(31);
        perturb(model, 32);
        Batch batch = batch(c, 33);
        model.resetState(B);
        float[] state = randomState(model.exportState().length, 34);
        FiniteDifferences.Worst worst = FiniteDifferences.check(model, batch, state, B, 35);
        if (state.length > 0) {
            assertThat(model.exportState()).as("the state carried on").isNotEqualTo(state);
        }
        assertThat(worst.error()).as("worst relative error at %s", worst.at()).isLessThan(1e-5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void floatComputesWhatDoubleComputes(Case c) {
        Batch batch = batch(c, 43);
        double[][] g = new double[2][];
        double[] loss = new double[2];
        for (Precision precision : Precision.values()) {
            StackModel model = c.spec().build(precision);
            model.initParams(41);
            model.resetState(B);
            float[] state = randomState(model.exportState().length, 44);
            model.importState(state, B);
            model.kernels().fill(model.grads(), 0, model.layout().size(), 0);
            loss[precision.ordinal()] = model.forwardBackward(batch, new SplittableRandom(45)).mean();
            g[precision.ordinal()] = new double[model.layout().size()];
            for (int i = 0; i < g[0 + precision.ordinal()].length; i++) {
                g[precision.ordinal()][i] = model.grads().get(i);
            }
        }
        assertThat(loss[0]).isCloseTo(loss[1], org.assertj.core.api.Assertions.within(1e-5 * Math.max(1, Math.abs(loss[1]))));
        double scale = 0;
        for (double v : g[1]) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < g[0].length; i++) {
            assertThat(g[0][i]).as("gradient %d", i).isCloseTo(g[1][i], org.assertj.core.api.Assertions.within(1e-4 * scale));
        }
    }

    private static float[] randomState(int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] s = new float[size];
        for (int i = 0; i < size; i++) {
            s[i] = (float) (rng.nextDouble() * 1.6 - 0.8);
        }
        return s;
    }

    /** Non-zero biases and peepholes, so that no gradient is checked only at a symmetric point. */
    private static void perturb(StackModel model, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (var slot : model.layout().slots()) {
            if (slot.name().endsWith(".b") || slot.name().endsWith(".bhn") || slot.name().endsWith(".P")) {
                for (int i = 0; i < slot.length(); i++) {
                    model.params().set(slot.offset() + i, rng.nextDouble() - 0.5);
                }
            }
        }
        model.params().modified();
    }
}
