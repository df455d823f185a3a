package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Dropout;
import java.util.SplittableRandom;

/** {@link Dropout} as a layer of its own; no parameters. */
final class DropoutLayer implements Layer {
    private final DropoutSpec spec;
    private final int width;
    private final Dropout dropout;

    DropoutLayer(DropoutSpec spec, int width) {
        this.spec = spec;
        this.width = width;
        this.dropout = new Dropout(spec.rate());
    }

    @Override public String name() {
        return spec.name();
    }

    @Override public int width() {
        return width;
    }

    @Override public void bind(Kernels kernels, Buf params, Buf grads) {
        dropout.bind(kernels);
    }

    @Override public void init(Buf params, SplittableRandom rng) {
        // no parameters
    }

    @Override public Seq forward(Seq in, Pass pass) {
        return new Seq(dropout.forward(in.values(), in.positions() * width, pass.training(), pass.rng()), in.steps(),
                in.rows());
    }

    @Override public Buf backward(Buf dOut, Pass pass) {
        return dropout.backward(dOut);
    }
}
