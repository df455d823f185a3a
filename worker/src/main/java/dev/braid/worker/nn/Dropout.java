package dev.braid.worker.nn;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import java.util.SplittableRandom;

/**
 * Inverted dropout applied in place: kept values are scaled by {@code 1/(1-p)} so evaluation needs no
 * rescaling. The mask comes from a caller-supplied seeded generator, so a step is reproducible.
 */
public final class Dropout {
    private final double rate;
    private Kernels k;
    private Buf mask;
    private int n;
    private boolean active;

    public Dropout(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("dropout rate " + rate + " must be in [0, 1)");
        }
        this.rate = rate;
    }

    public void bind(Kernels kernels) {
        this.k = kernels;
    }

    /** Drops values of {@code x[0..count)} in place when {@code training}; otherwise leaves it unchanged. */
    public void forward(Buf x, int count, boolean training, SplittableRandom rng) {
        active = training && rate > 0;
        if (!active) {
            return;
        }
        n = count;
        mask = Scratch.ensure(k, mask, count);
        double scale = 1.0 / (1.0 - rate);
        for (int i = 0; i < count; i++) {
            mask.set(i, rng.nextDouble() < rate ? 0 : scale);
        }
        k.mul(x, 0, mask, 0, count);
    }

    /** Applies the same mask to the gradient, in place. */
    public void backward(Buf dx) {
        if (active) {
            k.mul(dx, 0, mask, 0, n);
        }
    }
}
