package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Scratch;

/** Draws a recurrent (variational) dropout mask: one per row and segment, kept values scaled by {@code 1/(1-rate)}. */
final class RecurrentMask {
    private RecurrentMask() {
    }

    /** A mask of {@code n} values into {@code into} when training at {@code rate} > 0, else null. */
    static Buf draw(Kernels k, Buf into, double rate, int n, Pass pass) {
        if (!pass.training() || rate == 0) {
            return null;
        }
        float scale = (float) (1.0 / (1.0 - rate));
        float[] host = new float[n];
        for (int i = 0; i < n; i++) {
            host[i] = pass.rng().nextDouble() < rate ? 0 : scale;
        }
        Buf mask = Scratch.ensure(k, into, n);
        mask.write(0, host, 0, n);
        return mask;
    }
}
