package dev.braid.worker.infer;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.Batch;
import dev.braid.worker.train.Optimizer;
import dev.braid.worker.train.OptimizerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    /**
     * A network evaluated beside the first one: its architecture and trained parameters, its training
     * text for the RMS rule in its own vocabulary, and the bridge from its vocabulary to the first's.
     */
    public record Companion(ModelSpec spec, float[] params, int[] calibration, VocabularyBridge bridge) {
    }

    public static StreamEvaluator.Result evaluate(ModelSpec spec, float[] params, int[] ids, int[] calibration,
                                                  DynamicSpec dyn) {
        return evaluate(spec, params, ids, calibration, dyn, Progress.NONE);
    }

    /** As above, telling {@code progress} after every segment. */
    public static StreamEvaluator.Result evaluate(ModelSpec spec, float[] params, int[] ids, int[] calibration,
                                                  DynamicSpec dyn, Progress progress) {
        return run(spec, params, ids, calibration, Optional.of(dyn), dyn.segmentLength(), List.of(), Optional.empty(),
                progress).networks().get(0);
    }

    /** As above, each token also charged by {@code mixer} (which sees the network's distribution before it adapts). */
    public static StreamEvaluator.Mixed evaluate(ModelSpec spec, float[] params, int[] ids, int[] calibration,
                                                  DynamicSpec dyn, TokenMixer mixer) {
        return evaluate(spec, params, ids, calibration, dyn, mixer, Progress.NONE);
    }

    /** As above, telling {@code progress} after every segment. */
    public static StreamEvaluator.Mixed evaluate(ModelSpec spec, float[] params, int[] ids, int[] calibration,
                                                  DynamicSpec dyn, TokenMixer mixer, Progress progress) {
        return run(spec, params, ids, calibration, Optional.of(dyn), dyn.segmentLength(), List.of(), Optional.of(mixer),
                progress).first();
    }

    /**
     * The network and its {@code companions} read the text side by side, segment by segment, each
     * adapting as {@code dyn} says (or frozen when it is empty); {@code mixer} charges every token
     * seeing all their distributions (carried into the first network's vocabulary) before any adapts.
     */
    public static StreamEvaluator.Ensemble evaluate(ModelSpec spec, float[] params, int[] ids, int[] calibration,
                                                     Optional<DynamicSpec> dyn, int segmentLength,
                                                     List<Companion> companions, TokenMixer mixer) {
        return evaluate(spec, params, ids, calibration, dyn, segmentLength, companions, mixer, Progress.NONE);
    }

    /** As above, telling {@code progress} after every segment. */
    public static StreamEvaluator.Ensemble evaluate(ModelSpec spec, float[] params, int[] ids, int[] calibration,
                                                     Optional<DynamicSpec> dyn, int segmentLength,
                                                     List<Companion> companions, TokenMixer mixer, Progress progress) {
        return run(spec, params, ids, calibration, dyn, segmentLength, companions, Optional.of(mixer), progress);
    }

    /**
     * Each network reads on a thread of its own, a segment at a time (networks are independent: none
     * waits for the mixer), while this thread charges the segment before through the mixer; the mixer
     * sees segments in text order, so the result is the same as reading one after the other.
     */
    private static StreamEvaluator.Ensemble run(ModelSpec spec, float[] params, int[] ids, int[] calibration,
                                                Optional<DynamicSpec> dyn, int segmentLength, List<Companion> companions,
                                                Optional<TokenMixer> mixer, Progress progress) {
        ExecutorService pool = Executors.newFixedThreadPool(1 + companions.size(), r -> {
            Thread t = new Thread(r, "braid-network-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Callable<Reader>> builds = new ArrayList<>();
            builds.add(() -> new Reader(spec, params, ids, calibration, dyn, segmentLength, null));
            for (Companion c : companions) {
                builds.add(() -> new Reader(c.spec(), c.params(), c.bridge().sourceIds(ids), c.calibration(), dyn,
                        segmentLength, c.bridge()));
            }
            List<Reader> readers = joined(builds.stream().map(pool::submit).toList());
            double mixedNats = 0;
            List<Future<float[]>> pending = read(pool, readers, 0, segmentLength, ids.length);
            for (int start = 0; start < ids.length - 1; start += segmentLength) {
                int steps = Math.min(segmentLength, ids.length - 1 - start);
                float[][] distributions = joined(pending).toArray(new float[0][]);
                pending = read(pool, readers, start + segmentLength, segmentLength, ids.length);
                if (mixer.isPresent()) {
                    for (int t = 0; t < steps; t++) {
                        mixedNats += mixer.get().charge(distributions, t, ids[start + t + 1]);
                    }
                }
                progress.at(start + steps, ids.length - 1);
            }
            long predicted = Math.max(0, ids.length - 1);
            return new StreamEvaluator.Ensemble(readers.stream().map(r -> new StreamEvaluator.Result(r.nats, predicted)).toList(),
                    new StreamEvaluator.Result(mixedNats, predicted));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every reader scores, then adapts to, the segment at {@code start} (none when the text has ended). */
    private static List<Future<float[]>> read(ExecutorService pool, List<Reader> readers, int start, int segmentLength,
                                              int tokens) {
        if (start >= tokens - 1) {
            return List.of();
        }
        int steps = Math.min(segmentLength, tokens - 1 - start);
        return readers.stream().map(r -> pool.submit(() -> {
            float[] d = r.score(start, steps);
            r.adapt();
            return d;
        })).toList();
    }

    private static <T> List<T> joined(List<Future<T>> futures) {
        List<T> out = new ArrayList<>();
        try {
            for (Future<T> f : futures) {
                out.add(f.get());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the networks read the text", e);
        }
        return out;
    }

    /** One network reading the text: scores a segment, then (when adapting) steps on it. */
    private static final class Reader {
        private final StackModel model;
        private final int[] ids;
        private final Optional<Update> update;
        private final VocabularyBridge bridge;
        private final SplittableRandom unused = new SplittableRandom(0);
        double nats;

        Reader(ModelSpec spec, float[] params, int[] ids, int[] calibration, Optional<DynamicSpec> dyn,
               int segmentLength, VocabularyBridge bridge) {
            this.model = spec.withDropout(0.0).build(Precision.FLOAT);
            model.params().setAll(params);
            this.ids = ids;
            this.bridge = bridge;
            this.update = dyn.map(d -> d.rule() == DynamicSpec.Rule.SGD ? sgd(model, d) : rms(model, calibration, d));
            model.resetState(1);
        }

        /** Scores tokens {@code start + 1 .. start + steps}; their distributions in the first network's vocabulary. */
        float[] score(int start, int steps) {
            float[] w = new float[steps];
            Arrays.fill(w, 1f);
            Batch batch = Batch.stream(1, steps, Arrays.copyOfRange(ids, start, start + steps),
                    Arrays.copyOfRange(ids, start + 1, start + steps + 1), w, null);
            if (update.isPresent()) {
                model.kernels().fill(model.grads(), 0, model.layout().size(), 0);
                nats += model.forwardBackward(batch, unused).sum();
            } else {
                nats += model.score(batch).sum();
            }
            float[] d = model.lastDistributions();
            return bridge == null ? d : bridge.carry(d, steps);
        }

        void adapt() {
            update.ifPresent(Update::apply);
        }
    }

    /** One step from the gradients of the segment just scored. */
    private interface Update {
        void apply();
    }

    private static Update sgd(StackModel model, DynamicSpec dyn) {
        Optimizer sgd = new Optimizer(new OptimizerSpec(OptimizerSpec.Kind.SGD, dyn.learningRate(), 0.9, 0.999, 1e-8, 1.0),
                model.kernels(), model.layout().size());
        long[] steps = {0};
        return () -> sgd.step(model.params(), model.grads(), steps[0]++);
    }

    private static Update rms(StackModel model, int[] calibration, DynamicSpec dyn) {
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
    private static double[] trainingGradientRms(StackModel model, int[] calibration, int segmentLength) {
        Kernels k = model.kernels();
        int n = model.layout().size();
        Buf sum = k.alloc(n);
        Buf square = k.alloc(n);
        SplittableRandom unused = new SplittableRandom(0);
        model.resetState(1);
        int segments = 0;
        for (int start = 0; start < calibration.length - 1; start += segmentLength) {
            int steps = Math.min(segmentLength, calibration.length - 1 - start);
            float[] w = new float[steps];
            Arrays.fill(w, 1f);
            k.fill(model.grads(), 0, n, 0);
            model.forwardBackward(Batch.stream(1, steps, Arrays.copyOfRange(calibration, start, start + steps),
                    Arrays.copyOfRange(calibration, start + 1, start + steps + 1), w, null), unused);
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
}
