package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Scratch;
import java.util.SplittableRandom;

/**
 * Appends the batch's features to each position of its input; no parameters. The features carry no
 * gradient, so the backward pass hands on the input's part of the output gradient.
 */
final class ConcatLayer implements Layer {
    private final ConcatSpec spec;
    private final int inWidth;
    private final boolean encoder;
    private Kernels k;
    private Buf staged;
    private Buf out;
    private Buf dIn;
    private int positions;

    ConcatLayer(ConcatSpec spec, int inWidth, boolean encoder) {
        this.spec = spec;
        this.inWidth = inWidth;
        this.encoder = encoder;
    }

    @Override public String name() {
        return spec.name();
    }

    @Override public int width() {
        return inWidth + spec.width();
    }

    @Override public void bind(Kernels kernels, Buf params, Buf grads) {
        this.k = kernels;
    }

    @Override public void init(Buf params, SplittableRandom rng) {
        // no parameters
    }

    @Override public Seq forward(Seq in, Pass pass) {
        float[] f = pass.input(encoder).features();
        int w = spec.width();
        positions = in.positions();
        if (f == null || f.length < positions * w) {
            throw new IllegalArgumentException("layer '" + spec.name() + "' appends " + w + " features per position; the "
                    + "batch holds " + (f == null ? "none" : f.length + " values for " + positions + " positions"));
        }
        // the features reach the device in one copy; then each position is the input's row and its features
        staged = Scratch.ensure(k, staged, positions * w);
        staged.write(0, f, 0, positions * w);
        int cat = width();
        out = Scratch.ensure(k, out, positions * cat);
        for (int i = 0; i < positions; i++) {
            k.copy(in.values(), i * inWidth, out, i * cat, inWidth);
            k.copy(staged, i * w, out, i * cat + inWidth, w);
        }
        return new Seq(out, in.steps(), in.rows());
    }

    @Override public Buf backward(Buf dOut, Pass pass) {
        int cat = width();
        dIn = Scratch.ensure(k, dIn, positions * inWidth);
        for (int i = 0; i < positions; i++) {
            k.copy(dOut, i * cat, dIn, i * inWidth, inWidth);
        }
        return dIn;
    }
}
