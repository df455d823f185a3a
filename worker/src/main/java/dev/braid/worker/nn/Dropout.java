package dev.braid.worker.nn;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import java.util.SplittableRandom;

/**
 * Inverted dropout: kept values are scaled by {@code 1/(1-p)} so evaluation needs no rescaling. The
 * output is a buffer of its own (the input may still be needed by the layer that produced it); when
 * inactive the input passes through unchanged. Masks come from a caller-supplied seeded generator.
 */
public final class Dropout {
    private final double rate;
    private Kernels k;
    private Buf mask;
    private Buf out;
    private Buf dx;
    private float[] hostMask = new float[0];
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

    /** {@code x[0..count)} with values dropped when {@code training}, else {@code x} itself. */
    public Buf forward(Buf x, int count, boolean training, SplittableRandom rng) {
        active = training && rate > 0;
        if (!active) {
            return x;
        }
        n = count;
        mask = Scratch.ensure(k, mask, count);
        out = Scratch.ensure(k, out, count);
        float scale = (float) (1.0 / (1.0 - rate));
        if (hostMask.length < count) {
            hostMask = new float[count];
        }
        for (int i = 0; i < count; i++) {
            hostMask[i] = rng.nextDouble() < rate ? 0 : scale;
        }
        // drawn on the host (the seeded stream), written in one copy: the mask may live on a device
        mask.write(0, hostMask, 0, count);
        k.copy(x, 0, out, 0, count);
        k.mul(out, 0, mask, 0, count);
        return out;
    }

    /** The gradient of the input: {@code dy} masked the same way (or {@code dy} itself when inactive). */
    public Buf backward(Buf dy) {
        if (!active) {
            return dy;
        }
        dx = Scratch.ensure(k, dx, n);
        k.copy(dy, 0, dx, 0, n);
        k.mul(dx, 0, mask, 0, n);
        return dx;
    }
}
