package dev.braid.worker.infer;

import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.LanguageModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.LmBatch;
import dev.braid.worker.model.StepLoss;
import dev.braid.worker.train.Optimizer;
import dev.braid.worker.train.OptimizerSpec;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Dynamic evaluation (Krause et al. 2017): the text is read in segments with the state carried from a
 * zero state; each segment is first predicted (its loss counted), then the model takes one SGD step on
 * it, so it adapts to the text as it reads it — as adaptive compressors do. The loss of a segment is
 * always computed before the step that learns from it.
 */
public final class DynamicEvaluator {
    private DynamicEvaluator() {
    }

    public static StreamEvaluator.Result evaluate(LanguageModelSpec spec, float[] params, int[] ids, int seqLength,
                                                  double learningRate) {
        LanguageModelSpec noDropout = new LanguageModelSpec(spec.vocabulary(), spec.embedding(), spec.cell(),
                spec.hidden(), spec.layers(), 0.0);
        LanguageModel model = noDropout.build(Precision.FLOAT);
        model.params().setAll(params);
        Optimizer sgd = new Optimizer(new OptimizerSpec(OptimizerSpec.Kind.SGD, learningRate, 0.9, 0.999, 1e-8, 1.0),
                model.kernels(), model.layout().size());
        model.resetState(1);
        double nats = 0;
        long predicted = 0;
        SplittableRandom unused = new SplittableRandom(0);
        for (int start = 0; start < ids.length - 1; start += seqLength) {
            int steps = Math.min(seqLength, ids.length - 1 - start);
            float[] w = new float[steps];
            Arrays.fill(w, 1f);
            LmBatch batch = new LmBatch(1, steps, Arrays.copyOfRange(ids, start, start + steps),
                    Arrays.copyOfRange(ids, start + 1, start + steps + 1), w, null);
            model.kernels().fill(model.grads(), 0, model.layout().size(), 0);
            StepLoss loss = model.forwardBackward(batch, unused);
            nats += loss.sum();
            predicted += steps;
            sgd.step(model.params(), model.grads(), predicted);
        }
        return new StreamEvaluator.Result(nats, predicted);
    }
}
