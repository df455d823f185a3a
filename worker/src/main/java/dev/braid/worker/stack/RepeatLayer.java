package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Scratch;
import java.util.SplittableRandom;

/** {@link RepeatSpec}: the {@code [B, F]} input copied into each of T steps; its gradient is their sum. */
final class RepeatLayer implements Layer {
    private final RepeatSpec spec;
    private final boolean encoder;
    private final int width;
    private Kernels k;
    private Buf out;
    private Buf dx;
    private int steps;
    private int rows;

    RepeatLayer(RepeatSpec spec, BuildContext at) {
        this.spec = spec;
        this.encoder = at.encoder();
        this.width = at.inputWidth();
    }

    @Override public String name() {
        return spec.name();
    }

    @Override public int width() {
        return width;
    }

    @Override public void bind(Kernels kernels, Buf params, Buf grads) {
        this.k = kernels;
    }

    @Override public void init(Buf params, SplittableRandom rng) {
        // no parameters
    }

    @Override public Seq forward(Seq in, Pass pass) {
        if (in.steps() != 1) {
            throw new IllegalArgumentException("layer '" + spec.name() + "' repeats one vector per row; its input has "
                    + in.steps() + " steps (pool them first)");
        }
        rows = in.rows();
        steps = spec.steps() > 0 ? spec.steps() : pass.input(encoder).steps();
        int block = rows * width;
        out = Scratch.ensure(k, out, steps * block);
        for (int t = 0; t < steps; t++) {
            k.copy(in.values(), 0, out, t * block, block);
        }
        return new Seq(out, steps, rows);
    }

    @Override public Buf backward(Buf dOut, Pass pass) {
        int block = rows * width;
        dx = Scratch.ensure(k, dx, block);
        k.copy(dOut, 0, dx, 0, block);
        for (int t = 1; t < steps; t++) {
            k.add(dx, 0, dOut, t * block, dx, 0, block);
        }
        return dx;
    }
}
