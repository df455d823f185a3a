package dev.braid.worker.nn;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;

/**
 * Reusable work buffers. A layer keeps its activation buffers between minibatches and grows them only
 * when a larger batch arrives, so the training loop allocates nothing once shapes have been seen.
 */
public final class Scratch {
    private Scratch() {
    }

    /** {@code current} if it holds at least {@code n} values, else a new buffer of {@code n}. */
    public static Buf ensure(Kernels k, Buf current, int n) {
        return current != null && current.length() >= n ? current : k.alloc(n);
    }
}
