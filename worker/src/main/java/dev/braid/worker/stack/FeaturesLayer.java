package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Scratch;
import java.util.SplittableRandom;

/**
 * Copies the batch's numeric features into the model's buffers (onto its device): one vector per
 * position, or one per row (then the output has one step); no parameters.
 */
final class FeaturesLayer implements Layer {
    private final FeaturesSpec spec;
    private final boolean encoder;
    private Kernels k;
    private Buf out;

    FeaturesLayer(FeaturesSpec spec, boolean encoder) {
        this.spec = spec;
        this.encoder = encoder;
    }

    @Override public String name() {
        return spec.name();
    }

    @Override public int width() {
        return spec.width();
    }

    @Override public void bind(Kernels kernels, Buf params, Buf grads) {
        this.k = kernels;
    }

    @Override public void init(Buf params, SplittableRandom rng) {
        // no parameters
    }

    @Override public Seq forward(Seq in, Pass pass) {
        Pass.Input i = pass.input(encoder);
        int w = spec.width();
        float[] f = i.features();
        // one vector per row (a vec2seq input) or one per position
        int steps = f != null && f.length == i.rows() * w ? 1 : i.steps();
        int n = steps * i.rows() * w;
        if (f == null || f.length < n) {
            throw new IllegalArgumentException("layer '" + spec.name() + "' reads " + w + " features per position or "
                    + "per row; the batch holds " + (f == null ? "none" : f.length + " values for " + i.rows() + " rows of "
                    + i.steps() + " steps"));
        }
        out = Scratch.ensure(k, out, n);
        out.write(0, f, 0, n);
        return new Seq(out, steps, i.rows());
    }

    @Override public Buf backward(Buf dOut, Pass pass) {
        return null;
    }
}
