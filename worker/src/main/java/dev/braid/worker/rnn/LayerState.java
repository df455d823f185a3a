package dev.braid.worker.rnn;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;

/**
 * The carried state of one recurrent layer for {@code rows} rows: {@code parts} vectors of length
 * {@code hidden} per row (h, and c for LSTM), stored part after part.
 */
public final class LayerState {
    private final Buf values;
    private final int rows;
    private final int hidden;
    private final int parts;

    public LayerState(Kernels k, int rows, int hidden, int parts) {
        this.values = k.alloc(rows * hidden * parts);
        this.rows = rows;
        this.hidden = hidden;
        this.parts = parts;
    }

    public Buf buf() {
        return values;
    }

    /** Offset of part {@code p} (0 = h, 1 = c) in {@link #buf()}. */
    public int offset(int part) {
        return part * rows * hidden;
    }

    public int rows() {
        return rows;
    }

    public int hidden() {
        return hidden;
    }

    public int size() {
        return rows * hidden * parts;
    }

    /** Zeroes the state of row {@code r} (a new document starts there). */
    public void resetRow(Kernels k, int r) {
        for (int p = 0; p < parts; p++) {
            k.fill(values, offset(p) + r * hidden, hidden, 0);
        }
    }

    /** A state whose row r is row {@code from[r]} of this one (beam search follows its hypotheses' parents). */
    public LayerState gather(Kernels k, int[] from) {
        LayerState out = new LayerState(k, from.length, hidden, parts);
        for (int p = 0; p < parts; p++) {
            for (int r = 0; r < from.length; r++) {
                k.copy(values, offset(p) + from[r] * hidden, out.values, out.offset(p) + r * hidden, hidden);
            }
        }
        return out;
    }
}
