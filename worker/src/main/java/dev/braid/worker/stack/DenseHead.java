package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.model.Batch;
import dev.braid.worker.nn.Initializer;
import dev.braid.worker.nn.Scratch;
import dev.braid.worker.nn.Slot;
import java.util.SplittableRandom;

/** What the sigmoid and regression heads share: the projection {@code y = x W + b} and its backward. */
abstract class DenseHead implements Head {
    private final String name;
    private final Slot w;
    private final Slot b;
    private final int nIn;
    private final int outputs;
    protected Kernels k;
    private Buf params;
    private Buf grads;
    private Buf x;
    private Buf y;
    private Buf dy;
    private Buf dx;
    private int rows;

    DenseHead(String name, BuildContext at, int outputs) {
        this.name = name;
        this.nIn = at.inputWidth();
        this.outputs = outputs;
        this.w = at.layout().add(name + ".W", nIn, outputs);
        this.b = at.layout().add(name + ".b", 1, outputs);
    }

    /** The weighted loss sum of {@code y [n, outputs]} against {@code batch}; writes the gradient of {@code scale} times it. */
    abstract double loss(Buf y, int n, Batch batch, double scale, Buf dy);

    @Override public String name() {
        return name;
    }

    @Override public int classes() {
        return outputs;
    }

    @Override public void bind(Kernels kernels, Buf p, Buf g) {
        this.k = kernels;
        this.params = p;
        this.grads = g;
    }

    @Override public void init(Buf p, SplittableRandom rng) {
        Initializer.xavier(p, w, nIn, outputs, rng);
        Initializer.columns(p, b, 0, outputs, 0);
    }

    @Override public Buf outputs(Buf input, int n) {
        this.x = input;
        this.rows = n;
        y = Scratch.ensure(k, y, n * outputs);
        k.gemm(false, false, n, outputs, nIn, 1, input, 0, params, w.offset(), 0, y, 0);
        k.addRowVector(y, 0, n, outputs, params, b.offset());
        return y;
    }

    @Override public double loss(Batch batch, double scale) {
        if (batch.targetValues() == null || batch.targetValues().length < rows * outputs) {
            throw new IllegalArgumentException("head '" + name + "' compares " + rows + " outputs of " + outputs
                    + " with numeric targets; the batch holds " + (batch.targetValues() == null ? "none"
                    : batch.targetValues().length + " values"));
        }
        dy = Scratch.ensure(k, dy, rows * outputs);
        return loss(y, rows, batch, scale, dy);
    }

    @Override public Buf backward() {
        dx = Scratch.ensure(k, dx, rows * nIn);
        k.gemm(true, false, nIn, outputs, rows, 1, x, 0, dy, 0, 1, grads, w.offset());
        k.addColumnSums(dy, 0, rows, outputs, outputs, grads, b.offset());
        k.gemm(false, true, rows, nIn, outputs, 1, dy, 0, params, w.offset(), 0, dx, 0);
        return dx;
    }
}
