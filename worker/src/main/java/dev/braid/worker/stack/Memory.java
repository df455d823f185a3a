package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Scratch;

/**
 * The encoder's top outputs {@code enc [steps*rows, width]} (time-major) that decoder layers read, with
 * each source row's length, what each decoder layer prepared from them ({@link #prepared}), and the
 * summary a bridge starts from: the forward direction's output at a row's last real step, with the
 * backward direction's at its first ({@code directions} = 2).
 */
public final class Memory {
    private final Kernels k;
    private final Buf enc;
    private final int steps;
    private final int rows;
    private final int[] lengths;
    private final int width;
    private final int directions;
    private final Object[] prepared;
    private Buf summary;

    public Memory(Kernels k, Buf enc, int steps, int rows, int[] lengths, int width, int directions, int units,
                  Buf summaryBuffer) {
        this.k = k;
        this.enc = enc;
        this.steps = steps;
        this.rows = rows;
        this.lengths = lengths;
        this.width = width;
        this.directions = directions;
        this.prepared = new Object[units];
        this.summary = summaryBuffer;
        computeSummary();
    }

    public Buf enc() {
        return enc;
    }

    public int steps() {
        return steps;
    }

    public int rows() {
        return rows;
    }

    public int[] lengths() {
        return lengths;
    }

    public int width() {
        return width;
    }

    /** The summary {@code [rows, width]} a bridge reads. */
    public Buf summary() {
        return summary;
    }

    /** Width of the forward direction's part of each position. */
    public int forwardWidth() {
        return width / directions;
    }

    public boolean bidirectional() {
        return directions == 2;
    }

    /** What unit {@code u} prepared ({@link Layer#prepare}), or null. */
    public Object prepared(int u) {
        return prepared[u];
    }

    public void prepared(int u, Object view) {
        prepared[u] = view;
    }

    private void computeSummary() {
        summary = Scratch.ensure(k, summary, rows * width);
        int h = forwardWidth();
        for (int b = 0; b < rows; b++) {
            k.copy(enc, ((lengths[b] - 1) * rows + b) * width, summary, b * width, h);
            if (bidirectional()) {
                k.copy(enc, b * width + h, summary, b * width + h, h);
            }
        }
    }
}
