package dev.braid.worker.nn;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import java.util.SplittableRandom;

/** Dense projection to {@code V} classes followed by softmax cross-entropy. */
public final class SoftmaxOutput {
    private final Slot w;
    private final Slot b;
    private final int nIn;
    private final int classes;
    private Kernels k;
    private Buf params;
    private Buf grads;
    private Buf x;
    private Buf logits;
    private Buf dLogits;
    private Buf dx;
    private int rows;

    public SoftmaxOutput(String name, ParamLayout layout, int nIn, int classes) {
        this.w = layout.add(name + ".W", nIn, classes);
        this.b = layout.add(name + ".b", 1, classes);
        this.nIn = nIn;
        this.classes = classes;
    }

    public void bind(Kernels kernels, Buf p, Buf g) {
        this.k = kernels;
        this.params = p;
        this.grads = g;
    }

    public void init(Buf p, SplittableRandom rng) {
        Initializer.xavier(p, w, nIn, classes, rng);
        Initializer.columns(p, b, 0, classes, 0);
    }

    public int classes() {
        return classes;
    }

    /** Logits {@code [n, V]} of {@code input [n, nIn]}; the input is kept for {@link #backward}. */
    public Buf logits(Buf input, int n) {
        this.x = input;
        this.rows = n;
        logits = Scratch.ensure(k, logits, n * classes);
        k.gemm(false, false, n, classes, nIn, 1, input, 0, params, w.offset(), 0, logits, 0);
        k.addRowVector(logits, 0, n, classes, params, b.offset());
        return logits;
    }

    /**
     * Cross-entropy of the last {@link #logits} against {@code targets} (label-smoothed by
     * {@code smoothing}) with row weights; the gradient
     * of {@code lossScale * loss} is kept for {@link #backward}. Returns the weighted loss sum.
     */
    public double loss(int[] targets, float[] weights, double smoothing, double lossScale) {
        dLogits = Scratch.ensure(k, dLogits, rows * classes);
        return k.softmaxCrossEntropy(logits, 0, rows, classes, targets, weights, smoothing, lossScale, dLogits, 0);
    }

    /** Accumulates parameter gradients and returns the gradient of the input. */
    public Buf backward() {
        dx = Scratch.ensure(k, dx, rows * nIn);
        k.gemm(true, false, nIn, classes, rows, 1, x, 0, dLogits, 0, 1, grads, w.offset());
        k.addColumnSums(dLogits, 0, rows, classes, classes, grads, b.offset());
        k.gemm(false, true, rows, nIn, classes, 1, dLogits, 0, params, w.offset(), 0, dx, 0);
        return dx;
    }
}
