package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.rnn.LayerState;
import java.util.SplittableRandom;

/**
 * One built layer: a placement unit. It works on whole segments, reads what else it needs from the
 * {@link Pass} (the batch's tokens, lengths and resets, its carried state, the memory) and keeps what
 * its backward needs until then: one instance serves one forward/backward at a time.
 */
public interface Layer {

    String name();

    /** Output features per position. */
    int width();

    /** Binds the layer to its kernels and the model's flat parameter and gradient buffers. */
    void bind(Kernels kernels, Buf params, Buf grads);

    /** Deterministic initialisation: draws from {@code rng} in a fixed order. */
    void init(Buf params, SplittableRandom rng);

    /** The output of {@code in} (null for an input layer, which reads the batch). */
    Seq forward(Seq in, Pass pass);

    /** Accumulates parameter gradients; returns the gradient of the input (null for an input layer). */
    Buf backward(Buf dOut, Pass pass);

    /** A zero carried state for {@code rows} rows, or null when the layer carries none between batches. */
    default LayerState newState(int rows) {
        return null;
    }

    /**
     * The state decoding starts each hypothesis from (row r from memory row {@code memoryRow[r]}), or
     * null for a layer without state.
     */
    default LayerState initialState(int[] memoryRow) {
        return null;
    }

    /**
     * Directions its output reads a row in: 2 for a bidirectional layer, whose top-of-encoder output a
     * bridge summarises by the forward half's last real step and the backward half's first.
     */
    default int directions() {
        return 1;
    }

    /** Computes, once per batch or decode, what the layer reads of the encoder's memory. */
    default void prepare(Memory memory) {
    }
}
