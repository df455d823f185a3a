package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Scratch;
import java.util.SplittableRandom;

/** Copies the batch's numeric features into the model's buffers (onto its device); no parameters. */
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
        int n = i.steps() * i.rows() * spec.width();
        if (i.features() == null || i.features().length < n) {
            throw new IllegalArgumentException("layer '" + spec.name() + "' reads " + spec.width() + " features per "
                    + "position; the batch holds " + (i.features() == null ? "none" : i.features().length + " values for "
                    + i.steps() * i.rows() + " positions"));
        }
        out = Scratch.ensure(k, out, n);
        out.write(0, i.features(), 0, n);
        return new Seq(out, i.steps(), i.rows());
    }

    @Override public Buf backward(Buf dOut, Pass pass) {
        return null;
    }
}
