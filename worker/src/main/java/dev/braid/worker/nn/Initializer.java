package dev.braid.worker.nn;

import dev.braid.worker.kernel.Buf;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * Deterministic parameter initialisation from a Java {@link SplittableRandom}: the same seed gives
 * the same parameters in either precision, on every machine. A device buffer is initialised on the host
 * and each slot uploaded once (one transfer, not one per value: millions of synchronous copies for a
 * large model); host buffers are written value by value as before, so their bits do not change.
 */
public final class Initializer {
    private Initializer() {
    }

    /** Uniform in {@code [-bound, bound]} over the whole slot. */
    public static void uniform(Buf params, Slot slot, double bound, SplittableRandom rng) {
        fill(params, slot.offset(), slot.length(), i -> (rng.nextDouble() * 2 - 1) * bound);
    }

    /** Glorot/Xavier uniform for fan-in {@code fanIn} and fan-out {@code fanOut}. */
    public static void xavier(Buf params, Slot slot, int fanIn, int fanOut, SplittableRandom rng) {
        uniform(params, slot, Math.sqrt(6.0 / (fanIn + fanOut)), rng);
    }

    /** Sets columns {@code [from, to)} of every row of the slot to {@code value}. */
    public static void columns(Buf params, Slot slot, int from, int to, double value) {
        if (params instanceof Buf.Dev) {
            float[] host = new float[slot.length()];
            params.read(slot.offset(), host, 0, host.length);
            for (int r = 0; r < slot.rows(); r++) {
                java.util.Arrays.fill(host, r * slot.cols() + from, r * slot.cols() + to, (float) value);
            }
            params.write(slot.offset(), host, 0, host.length);
            return;
        }
        for (int r = 0; r < slot.rows(); r++) {
            for (int c = from; c < to; c++) {
                params.set(slot.offset() + r * slot.cols() + c, value);
            }
        }
    }

    /** Identity in every square column block of a {@code [n, k*n]} slot (IRNN initialisation). */
    public static void identityBlocks(Buf params, Slot slot) {
        int n = slot.rows();
        int cols = slot.cols();
        fill(params, slot.offset(), slot.length(), i -> i / cols == (i % cols) % n && (i % cols) / n < cols / n ? 1 : 0);
    }

    /** {@code value(i)} for {@code i} in {@code [0, n)}, in order, at {@code offset}. */
    private static void fill(Buf params, int offset, int n, IntToDoubleFunction value) {
        if (params instanceof Buf.Dev) {
            float[] host = new float[n];
            for (int i = 0; i < n; i++) {
                host[i] = (float) value.applyAsDouble(i);
            }
            params.write(offset, host, 0, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            params.set(offset + i, value.applyAsDouble(i));
        }
    }
}
