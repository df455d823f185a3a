package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Initializer;
import dev.braid.worker.nn.Scratch;
import dev.braid.worker.nn.Slot;
import java.util.SplittableRandom;

/** {@code y = act(x W + b)} over all positions in one GEMM. */
final class DenseLayer implements Layer {
    private final DenseSpec spec;
    private final int nIn;
    private final Slot w;
    private final Slot b;
    private Kernels k;
    private Buf params;
    private Buf grads;
    private Buf x;
    private Buf y;
    private Buf dz;
    private Buf dx;
    private int n;

    DenseLayer(DenseSpec spec, BuildContext at) {
        this.spec = spec;
        this.nIn = at.inputWidth();
        this.w = at.layout().add(spec.name() + ".W", nIn, spec.units());
        this.b = at.layout().add(spec.name() + ".b", 1, spec.units());
    }

    @Override public String name() {
        return spec.name();
    }

    @Override public int width() {
        return spec.units();
    }

    @Override public void bind(Kernels kernels, Buf p, Buf g) {
        this.k = kernels;
        this.params = p;
        this.grads = g;
    }

    @Override public void init(Buf p, SplittableRandom rng) {
        Initializer.xavier(p, w, nIn, spec.units(), rng);
        Initializer.columns(p, b, 0, spec.units(), 0);
    }

    @Override public Seq forward(Seq in, Pass pass) {
        x = in.values();
        n = in.positions();
        int u = spec.units();
        y = Scratch.ensure(k, y, n * u);
        k.gemm(false, false, n, u, nIn, 1, x, 0, params, w.offset(), 0, y, 0);
        k.addRowVector(y, 0, n, u, params, b.offset());
        k.activate(spec.activation(), y, 0, y, 0, n * u);
        return new Seq(y, in.steps(), in.rows());
    }

    @Override public Buf backward(Buf dOut, Pass pass) {
        int u = spec.units();
        dz = Scratch.ensure(k, dz, n * u);
        k.activateBackward(spec.activation(), y, 0, dOut, 0, dz, 0, n * u);
        k.gemm(true, false, nIn, u, n, 1, x, 0, dz, 0, 1, grads, w.offset());
        k.addColumnSums(dz, 0, n, u, u, grads, b.offset());
        dx = Scratch.ensure(k, dx, n * nIn);
        k.gemm(false, true, n, nIn, u, 1, dz, 0, params, w.offset(), 0, dx, 0);
        return dx;
    }
}
