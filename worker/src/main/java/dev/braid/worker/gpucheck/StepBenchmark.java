package dev.braid.worker.gpucheck;

import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.SequenceModel;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.train.Optimizer;
import dev.braid.worker.train.OptimizerSpec;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Braid's LSTM training step on the GPU, the shape of PyTorch's in {@code bench/pytorch_step_gpu.py}:
 * embedding 64 over 64 symbols, a 2-layer LSTM of H units over T = 50 steps of B rows, softmax over
 * 64 classes, cross-entropy, Adam, forward and backward. Median of 5 timed runs of 10 steps after 5
 * warm-up steps; every step ends with the loss and gradient norm on the host, so it is complete.
 */
final class StepBenchmark {
    static final int T = 50;
    static final int V = 64;

    record Figure(int hidden, int batch, double seconds, double tokensPerSecond) {
    }

    private StepBenchmark() {
    }

    @SuppressWarnings("unchecked")
    static Figure run(Supplier<Kernels> kernels, int hidden, int batch) {
        LanguageModelSpec spec = new LanguageModelSpec(V, 64, CellType.LSTM, hidden, 2, 0);
        SequenceModel<Batch> m = spec.stack().build(kernels.get());
        m.initParams(1);
        Optimizer opt = new Optimizer(new OptimizerSpec(OptimizerSpec.Kind.ADAM, 1e-3, 0.9, 0.999, 1e-8, 0), m.kernels(),
                m.layout().size());
        SplittableRandom rng = new SplittableRandom(2);
        int n = batch * T;
        int[] in = rng.ints(n, 0, V).toArray();
        int[] out = rng.ints(n, 0, V).toArray();
        float[] w = new float[n];
        Arrays.fill(w, 1f);
        Batch b = Batch.stream(batch, T, in, out, w, null);
        int size = m.layout().size();
        long[] iteration = {0};
        Runnable step = () -> {
            m.resetState(batch);
            m.kernels().fill(m.grads(), 0, size, 0);
            m.forwardBackward(b, null);
            opt.step(m.params(), m.grads(), iteration[0]++);
        };
        for (int i = 0; i < 5; i++) {
            step.run();
        }
        double[] t = new double[5];
        for (int r = 0; r < t.length; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                step.run();
            }
            t[r] = (System.nanoTime() - t0) / 1e9 / 10;
        }
        Arrays.sort(t);
        return new Figure(hidden, batch, t[2], n / t[2]);
    }
}
