package dev.braid.worker.gpucheck;

import dev.braid.worker.kernel.Activation;
import dev.braid.worker.kernel.RegressionLoss;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.stack.BidirectionalSpec;
import dev.braid.worker.stack.Conv1DSpec;
import dev.braid.worker.stack.DenseSpec;
import dev.braid.worker.stack.DropoutSpec;
import dev.braid.worker.stack.EmbeddingSpec;
import dev.braid.worker.stack.FeaturesSpec;
import dev.braid.worker.stack.HeadSpec;
import dev.braid.worker.stack.LayerSpec;
import dev.braid.worker.stack.PoolSpec;
import dev.braid.worker.stack.RecurrentSpec;
import dev.braid.worker.stack.RegressionSpec;
import dev.braid.worker.stack.RepeatSpec;
import dev.braid.worker.stack.SigmoidSpec;
import dev.braid.worker.stack.SoftmaxSpec;
import dev.braid.worker.stack.StepWeights;
import dev.braid.worker.stack.WaveNetSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A small stack for each layer and head of the layer stack, and a batch of numeric series for it. */
final class LayerCases {
    private LayerCases() {
    }

    private static ModelSpec stack(HeadSpec head, LayerSpec... layers) {
        return ModelSpec.of(List.of(layers), head);
    }

    static Map<String, ModelSpec> stacks() {
        FeaturesSpec in = new FeaturesSpec("in", 4);
        RegressionSpec mse = new RegressionSpec("out", 2, RegressionLoss.MSE, 1, StepWeights.NONE);
        SigmoidSpec sigmoid = new SigmoidSpec("out", 3, StepWeights.NONE);
        Map<String, ModelSpec> out = new LinkedHashMap<>();
        out.put("dense relu, dense sigmoid, dropout", stack(mse, in, new DenseSpec("d", 32, Activation.RELU),
                new DropoutSpec("x", 0.2), new DenseSpec("e", 16, Activation.SIGMOID)));
        out.put("conv1d causal, dilation 2 (carried, resets)", stack(mse, in, new Conv1DSpec("c", 16, 3, 1, 2,
                Conv1DSpec.Padding.CAUSAL, Activation.TANH)));
        out.put("conv1d same, stride 2", stack(mse, in, new Conv1DSpec("c", 16, 4, 2, 1, Conv1DSpec.Padding.SAME,
                Activation.RELU)));
        out.put("wavenet", stack(mse, in, new WaveNetSpec("w", 16, 2, List.of(1, 2, 4))));
        for (PoolSpec.Mode m : PoolSpec.Mode.values()) {
            out.put("pool " + m.name().toLowerCase(), stack(sigmoid, in, new RecurrentSpec("r", CellType.GRU, 16, 0),
                    new PoolSpec("p", m)));
        }
        out.put("bidirectional lstm, softmax per row", stack(new SoftmaxSpec("out", 5, 0.1), in,
                new BidirectionalSpec("bi", new RecurrentSpec("bi", CellType.LSTM, 16, 0.1)), new PoolSpec("p",
                PoolSpec.Mode.MEAN)));
        // the columns of the listed classes gathered and their gradients scattered back, one call per input row
        out.put("lstm, softmax trained on a shortlist", stack(new SoftmaxSpec("out", 40, 0.1, StepWeights.NONE, 8), in,
                new RecurrentSpec("r", CellType.LSTM, 16, 0)));
        // the embedding's table read transposed, its rows gathered for the shortlist: both gradients in one table
        out.put("lstm, softmax tied to its embedding, shortlist", stack(new SoftmaxSpec("out", 40, 0.1, StepWeights.NONE, 8,
                "e"), new EmbeddingSpec("e", 40, 16, false), new RecurrentSpec("r", CellType.LSTM, 16, 0)));
        out.put("repeat (vec2seq)", stack(mse, in, new PoolSpec("p", PoolSpec.Mode.LAST), new RepeatSpec("rep", 0),
                new RecurrentSpec("r", CellType.GRU, 16, 0)));
        out.put("peephole lstm, recurrent dropout", stack(mse, in, new RecurrentSpec("r", CellType.LSTM, 16, 0.1, null,
                null, true, 0.2)));
        out.put("huber head, step weights", stack(new RegressionSpec("out", 2, RegressionLoss.HUBER, 0.5,
                new StepWeights(2, List.of(1.0, 0.5))), in, new RecurrentSpec("r", CellType.RNN_TANH, 16, 0)));
        return out;
    }

    /**
     * {@code rows} series of {@code steps} steps of 4 features (or of tokens, where the stack starts with an
     * embedding), resets, padded rows, targets for {@code spec}'s head.
     */
    static Batch batch(ModelSpec spec, int rows, int steps, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = rows * steps;
        float[] features = new float[4 * n];
        float[] keep = new float[n];
        int[] lengths = new int[rows];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            keep[i] = rng.nextInt(6) == 0 ? 0 : 1;
        }
        for (int b = 0; b < rows; b++) {
            lengths[b] = 1 + rng.nextInt(steps);
        }
        boolean pooled = spec.stack().stream().anyMatch(l -> l instanceof PoolSpec)
                && spec.stack().stream().noneMatch(l -> l instanceof RepeatSpec);
        int outputs = pooled ? rows : spec.stack().stream().filter(l -> l instanceof Conv1DSpec).map(l ->
                ((Conv1DSpec) l).outputSteps(steps)).findFirst().orElse(steps) * rows;
        int width = spec.head().outputs();
        float[] values = new float[outputs * width];
        int[] targets = new int[outputs];
        float[] weights = new float[outputs];
        for (int i = 0; i < outputs; i++) {
            targets[i] = rng.nextInt(width);
            weights[i] = rng.nextInt(5) == 0 ? 0 : 1;
            for (int j = 0; j < width; j++) {
                values[i * width + j] = spec.head() instanceof SigmoidSpec ? rng.nextInt(2) : (float) rng.nextGaussian();
            }
        }
        // tokens from a stream of their own: the other cases' batches stay as they were
        int[] tokens = spec.stack().get(0) instanceof EmbeddingSpec e ? new SplittableRandom(seed + 1).ints(n, 0,
                e.vocabulary()).toArray() : null;
        return new Batch(rows, steps, tokens, tokens == null ? features : null, pooled ? null : keep,
                pooled ? lengths : null, 0, null, null, targets, values, weights);
    }
}
