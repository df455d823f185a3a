package dev.braid.worker.infer;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.LanguageModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.LmBatch;
import dev.braid.worker.model.StepLoss;
import dev.braid.worker.train.Optimizer;
import dev.braid.worker.train.OptimizerSpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Dynamic evaluation (Krause et al. 2017): the text is read in segments with the state carried from a
 * zero state; each segment is first predicted (its loss counted), then the model takes one step on it,
 * so it adapts to the text as it reads it — as adaptive compressors do. The loss of a segment is always
 * computed before the step that learns from it.
 *
 * <p>Two update rules ({@link DynamicSpec.Rule}): plain SGD (gradient clipped to norm 1), and the
 * paper's RMS rule with a global prior — the step is divided per parameter by the root mean square of
 * the gradients on training text ({@code calibration}, scored with the same segments before the test
 * text is read), and each step also pulls the parameters back towards the trained ones by
 * {@code decay}, scaled per parameter by that RMS relative to its mean (capped at 1), so parameters
 * that training moved little stay close to where training left them.
 */
public final class DynamicEvaluator {
    private DynamicEvaluator() {
    }

    public static StreamEvaluator.Result evaluate(LanguageModelSpec spec, float[] params, int[] ids, int[] calibration,
                                                  DynamicSpec dyn) {
        return evaluate(spec, params, ids, calibration, dyn, Optional.empty()).network();
    }

    /** As above, each token also charged by {@code mixer} (which sees the network's distribution before it adapts). */
    public static StreamEvaluator.Mixed evaluate(LanguageModelSpec spec, float[] params, int[] ids, int[] calibration,
                                                  DynamicSpec dyn, TokenMixer mixer) {
        return evaluate(spec, params, ids, calibration, dyn, Optional.of(mixer));
    }

    private static StreamEvaluator.Mixed evaluate(LanguageModelSpec spec, float[] params, int[] ids, int[] calibration,
                                                   DynamicSpec dyn, Optional<TokenMixer> mixer) {
        LanguageModel model = spec.withDropout(0.0).build(Precision.FLOAT);
        model.params().setAll(params);
        Update update = dyn.rule() == DynamicSpec.Rule.SGD ? sgd(model, dyn) : rms(model, calibration, dyn);
        Segments text = new Segments(model, ids, dyn.segmentLength(), mixer);
        while (text.next()) {
            update.apply();
        }
        return new StreamEvaluator.Mixed(new StreamEvaluator.Result(text.nats, text.predicted),
                new StreamEvaluator.Result(text.mixedNats, text.predicted));
    }

    /** One step from the gradients of the segment just scored. */
    private interface Update {
        void apply();
    }

    private static Update sgd(LanguageModel model, DynamicSpec dyn) {
        Optimizer sgd = new Optimizer(new OptimizerSpec(OptimizerSpec.Kind.SGD, dyn.learningRate(), 0.9, 0.999, 1e-8, 1.0),
                model.kernels(), model.layout().size());
        long[] steps = {0};
        return () -> sgd.step(model.params(), model.grads(), steps[0]++);
    }

    private static Update rms(LanguageModel model, int[] calibration, DynamicSpec dyn) {
        Kernels k = model.kernels();
        int n = model.layout().size();
        double[] rms = trainingGradientRms(model, calibration, dyn.segmentLength());
        double meanRms = Arrays.stream(rms).average().orElse(0);
        if (!(meanRms > 0)) {
            throw new IllegalArgumentException("the calibration text gives zero gradients: the RMS rule cannot scale steps");
        }
        // a parameter the calibration text never moves (the embedding row of a symbol it lacks) would
        // otherwise take an unbounded step; a floor at a tenth of the mean keeps its steps bounded
        Buf inverseRms = k.alloc(n);
        Buf pull = k.alloc(n);
        for (int i = 0; i < n; i++) {
            double r = Math.max(0.1 * meanRms, rms[i]);
            inverseRms.set(i, 1 / r);
            pull.set(i, Math.min(1, dyn.decay() * r / meanRms));
        }
        Buf trained = k.alloc(n);
        Buf tmp = k.alloc(n);
        k.copy(model.params(), 0, trained, 0, n);
        return () -> {
            Buf p = model.params();
            k.copy(model.grads(), 0, tmp, 0, n);
            k.mul(tmp, 0, inverseRms, 0, n);
            k.axpy(-dyn.learningRate(), tmp, 0, p, 0, n);
            k.copy(trained, 0, tmp, 0, n);
            k.axpy(-1, p, 0, tmp, 0, n);
            k.mul(tmp, 0, pull, 0, n);
            k.axpy(1, tmp, 0, p, 0, n);
            p.modified();
        };
    }

    /** Per parameter, the root mean square of the segment gradients over the calibration text. */
    private static double[] trainingGradientRms(LanguageModel model, int[] calibration, int segmentLength) {
        Kernels k = model.kernels();
        int n = model.layout().size();
        Buf sum = k.alloc(n);
        Buf square = k.alloc(n);
        Segments train = new Segments(model, calibration, segmentLength, Optional.empty());
        int segments = 0;
        while (train.next()) {
            k.copy(model.grads(), 0, square, 0, n);
            k.mul(square, 0, square, 0, n);
            k.axpy(1, square, 0, sum, 0, n);
            segments++;
        }
        if (segments == 0) {
            throw new IllegalArgumentException("the calibration text has fewer than 2 tokens: the RMS rule needs training text");
        }
        double[] rms = new double[n];
        for (int i = 0; i < n; i++) {
            rms[i] = Math.sqrt(sum.get(i) / segments);
        }
        return rms;
    }

    /** Scores a text segment by segment from a zero state, leaving each segment's gradients in the model. */
    private static final class Segments {
        private final LanguageModel model;
        private final int[] ids;
        private final int length;
        private final SplittableRandom unused = new SplittableRandom(0);
        private final Optional<TokenMixer> mixer;
        private int start;
        double nats;
        double mixedNats;
        long predicted;

        Segments(LanguageModel model, int[] ids, int length, Optional<TokenMixer> mixer) {
            this.model = model;
            this.mixer = mixer;
            this.ids = ids;
            this.length = length;
            model.resetState(1);
        }

        boolean next() {
            if (start >= ids.length - 1) {
                return false;
            }
            int steps = Math.min(length, ids.length - 1 - start);
            float[] w = new float[steps];
            Arrays.fill(w, 1f);
            LmBatch batch = new LmBatch(1, steps, Arrays.copyOfRange(ids, start, start + steps),
                    Arrays.copyOfRange(ids, start + 1, start + steps + 1), w, null);
            model.kernels().fill(model.grads(), 0, model.layout().size(), 0);
            StepLoss loss = model.forwardBackward(batch, unused);
            nats += loss.sum();
            if (mixer.isPresent()) {
                mixedNats += StreamEvaluator.charge(mixer.get(), model, ids, start, steps);
            }
            predicted += steps;
            start += steps;
            return true;
        }
    }
}
