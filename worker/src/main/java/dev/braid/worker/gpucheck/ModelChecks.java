package dev.braid.worker.gpucheck;

import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.worker.model.SequenceModel;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.seq2seq.AttentionType;
import dev.braid.worker.train.Optimizer;
import dev.braid.worker.train.OptimizerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Whole models on the GPU: a finite-difference gradient check of an LSTM language model from a
 * non-zero carried state (in float, so with a coarse step and tolerance), the encoder-decoder with
 * both attentions against the CPU, and three Adam steps of a language model against the CPU.
 */
final class ModelChecks {
    private final Supplier<Kernels> gpu;
    private final Supplier<Kernels> cpu;
    private final boolean device;
    private final List<KernelChecks.Result> results = new ArrayList<>();

    ModelChecks(Supplier<Kernels> gpu, Supplier<Kernels> cpu) {
        this(gpu, cpu, false);
    }

    /** {@code device}: {@code gpu} makes CUDA kernels, so each check ends by waiting for the device and its errors. */
    ModelChecks(Supplier<Kernels> gpu, Supplier<Kernels> cpu, boolean device) {
        this.gpu = gpu;
        this.cpu = cpu;
        this.device = device;
    }

    static Batch lmBatch(int rows, int steps, int vocab, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = rows * steps;
        int[] in = new int[n];
        int[] out = new int[n];
        float[] w = new float[n];
        float[] keep = new float[n];
        for (int i = 0; i < n; i++) {
            in[i] = rng.nextInt(vocab);
            out[i] = rng.nextInt(vocab);
            w[i] = rng.nextInt(5) == 0 ? 0 : 1;
            keep[i] = rng.nextInt(7) == 0 ? 0 : 1;
        }
        return Batch.stream(rows, steps, in, out, w, keep);
    }

    private static float[] randomState(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (rng.nextDouble() * 1.6 - 0.8);
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private void gradientCheck(CellType cell, String name) {
        LanguageModelSpec spec = new LanguageModelSpec(11, 5, cell, 7, 2, 0);
        SequenceModel<Batch> m = spec.stack().build(gpu.get());
        m.initParams(3);
        Batch batch = lmBatch(3, 6, 11, 4);
        // parts (an LSTM carries h and c) x layers x rows x hidden
        int stateSize = (cell == CellType.LSTM ? 2 : 1) * 2 * 3 * 7;
        float[] state = randomState(stateSize, 5);
        int n = m.layout().size();
        m.importState(state, 3);
        m.kernels().fill(m.grads(), 0, n, 0);
        m.forwardBackward(batch, null);
        float[] analytic = m.grads().toFloatArray();
        float[] params = m.params().toFloatArray();
        double eps = 5e-3;
        double worst = 0;
        SplittableRandom pick = new SplittableRandom(6);
        for (int t = 0; t < 60; t++) {
            int i = pick.nextInt(n);
            double[] loss = new double[2];
            for (int side = 0; side < 2; side++) {
                float[] p = params.clone();
                p[i] += (float) (side == 0 ? eps : -eps);
                m.params().setAll(p);
                m.importState(state, 3);
                dev.braid.worker.model.StepLoss s = m.score(batch);
                loss[side] = s.sum() / s.weight();
            }
            double numeric = (loss[0] - loss[1]) / (2 * eps);
            double err = Math.abs(numeric - analytic[i]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic[i]));
            worst = Math.max(worst, err);
        }
        m.params().setAll(params);
        results.add(new KernelChecks.Result(name, worst, worst < 5e-2));
    }

    /** The same model, parameters and batches on both kernel sets: losses and gradients (or parameters) agree. */
    @SuppressWarnings("unchecked")
    private <B> void agree(String name, ModelSpec spec, List<B> batches, boolean steps, double tolerance) {
        SequenceModel<B> a = (SequenceModel<B>) spec.build(gpu.get());
        SequenceModel<B> b = (SequenceModel<B>) spec.build(cpu.get());
        a.initParams(9);
        b.initParams(9);
        OptimizerSpec adam = new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.002, 0.9, 0.999, 1e-8, 1.0);
        Optimizer oa = new Optimizer(adam, a.kernels(), a.layout().size());
        Optimizer ob = new Optimizer(adam, b.kernels(), b.layout().size());
        double worst = 0;
        int n = a.layout().size();
        double rawGradient = Double.NaN;
        for (int i = 0; i < batches.size(); i++) {
            a.kernels().fill(a.grads(), 0, n, 0);
            b.kernels().fill(b.grads(), 0, n, 0);
            // the same dropout masks on both sides: drawn on the host from the same seed
            double la = a.forwardBackward(batches.get(i), new java.util.SplittableRandom(i)).sum();
            double lb = b.forwardBackward(batches.get(i), new java.util.SplittableRandom(i)).sum();
            worst = Math.max(worst, Math.abs(la - lb) / Math.max(1, Math.abs(lb)));
            if (i == 0) {
                // raw gradients before any optimizer step (Adam's normalisation would hide a constant factor),
                // relative to the reference's largest magnitude
                rawGradient = relativeToLargest(a.grads().toFloatArray(), b.grads().toFloatArray());
                worst = Math.max(worst, rawGradient);
            }
            if (steps) {
                oa.step(a.params(), a.grads(), i);
                ob.step(b.params(), b.grads(), i);
            }
        }
        float[] x = steps ? a.params().toFloatArray() : a.grads().toFloatArray();
        float[] y = steps ? b.params().toFloatArray() : b.grads().toFloatArray();
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1, Math.abs(y[i])));
        }
        results.add(new KernelChecks.Result(name, worst, worst <= tolerance));
    }

    /** The largest difference over the reference's largest magnitude (NaN anywhere: infinite). */
    private static double relativeToLargest(float[] x, float[] reference) {
        double largest = 0;
        double diff = 0;
        for (int i = 0; i < x.length; i++) {
            largest = Math.max(largest, Math.abs(reference[i]));
            double d = Math.abs(x[i] - reference[i]);
            diff = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(diff, d);
        }
        return diff / Math.max(largest, 1e-30);
    }

    private static Batch pairs(long seed, int vocab) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<int[]> src = new ArrayList<>();
        List<int[]> tgt = new ArrayList<>();
        for (int r = 0; r < 16; r++) {
            src.add(rng.ints(1 + rng.nextInt(12), 4, vocab).toArray());
            tgt.add(rng.ints(1 + rng.nextInt(10), 4, vocab).toArray());
        }
        return Batch.pairs(src, tgt);
    }

    List<KernelChecks.Result> runAll() {
        for (CellType cell : new CellType[] {CellType.LSTM, CellType.GRU, CellType.RNN_TANH}) {
            String name = cell.name().replace("_", "-") + " LM gradient vs finite differences (float, carried state, resets)";
            guarded(name, () -> gradientCheck(cell, name));
        }
        for (AttentionType att : AttentionType.values()) {
            Seq2SeqSpec s2s = new Seq2SeqSpec(30, 30, 16, CellType.LSTM, 32, 2, 2, true, att, 0, 0.1, false);
            String name = "encoder-decoder, " + att.name().toLowerCase() + " attention: loss and gradients GPU vs CPU";
            guarded(name, () -> agree(name, s2s.stack(), List.of(pairs(1, 30)), false, 1e-4));
        }
        for (Map.Entry<String, ModelSpec> e : LayerCases.stacks().entrySet()) {
            String name = "stack with " + e.getKey() + ": loss and gradients GPU vs CPU";
            guarded(name, () -> agree(name, e.getValue(), List.of(LayerCases.batch(e.getValue(), 16, 12, 5)), false, 1e-4));
        }
        for (CellType cell : CellType.values()) {
            LanguageModelSpec lm = new LanguageModelSpec(64, 32, cell, 128, 2, 0);
            String name = "language model (" + cell.name().toLowerCase() + " 2x128): 3 Adam steps GPU vs CPU";
            guarded(name, () -> agree(name, lm.stack(),
                    List.of(lmBatch(16, 20, 64, 1), lmBatch(16, 20, 64, 2), lmBatch(16, 20, 64, 3)), true, 1e-3));
        }
        return results;
    }

    /**
     * Runs one check, then waits for the device and checks it for errors: a check that throws (or leaves
     * a device error behind) is recorded as failed, with the error, and the others still run.
     */
    private void guarded(String name, Runnable check) {
        try {
            check.run();
            if (device) {
                dev.braid.worker.kernel.CudaKernels.synchronizeDevice();
            }
        } catch (RuntimeException | Error e) {
            results.add(new KernelChecks.Result(name + " (" + e + ")", Double.POSITIVE_INFINITY, false));
        }
    }
}
