package dev.braid.worker.nn;

import dev.braid.worker.kernel.Buf;
import java.util.SplittableRandom;

/**
 * Deterministic parameter initialisation from a Java {@link SplittableRandom}: the same seed gives
 * the same parameters in either precision, on every machine.
 */
public final class Initializer {
    private Initializer() {
    }

    /** Uniform in {@code [-bound, bound]} over the whole slot. */
    public static void uniform(Buf params, Slot slot, double bound, SplittableRandom rng) {
        for (int i = 0; i < slot.length(); i++) {
            params.set(slot.offset() + i, (rng.nextDouble() * 2 - 1) * bound);
        }
    }

    /** Glorot/Xavier uniform for fan-in {@code fanIn} and fan-out {@code fanOut}. */
    public static void xavier(Buf params, Slot slot, int fanIn, int fanOut, SplittableRandom rng) {
        uniform(params, slot, Math.sqrt(6.0 / (fanIn + fanOut)), rng);
    }

    /** Sets columns {@code [from, to)} of every row of the slot to {@code value}. */
    public static void columns(Buf params, Slot slot, int from, int to, double value) {
        for (int r = 0; r < slot.rows(); r++) {
            for (int c = from; c < to; c++) {
                params.set(slot.offset() + r * slot.cols() + c, value);
            }
        }
    }

    /** Identity in every square column block of a {@code [n, k*n]} slot (IRNN initialisation). */
    public static void identityBlocks(Buf params, Slot slot) {
        int n = slot.rows();
        for (int i = 0; i < slot.length(); i++) {
            params.set(slot.offset() + i, 0);
        }
        for (int block = 0; block < slot.cols() / n; block++) {
            for (int i = 0; i < n; i++) {
                params.set(slot.offset() + i * slot.cols() + block * n + i, 1);
            }
        }
    }
}
