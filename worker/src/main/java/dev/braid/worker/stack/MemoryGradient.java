package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Scratch;

/**
 * The gradient of the encoder's memory, gathered during the decoder's backward: attention adds the
 * gradient of the memory it read (the first contribution is copied, later ones added), bridges add to
 * the gradient of the summary, which {@link #finish} scatters back to the positions it was read from.
 */
public final class MemoryGradient {
    private final Kernels k;
    private Buf dEnc;
    private Buf dSummary;
    private boolean written;
    private boolean summaryUsed;
    private Memory memory;

    public MemoryGradient(Kernels k) {
        this.k = k;
    }

    /** Starts the gradient of {@code m}: nothing gathered yet. */
    public void begin(Memory m) {
        this.memory = m;
        int n = m.steps() * m.rows() * m.width();
        dEnc = Scratch.ensure(k, dEnc, n);
        written = false;
        summaryUsed = false;
    }

    /** Adds {@code g [steps*rows, width]} to the memory's gradient. */
    public void add(Buf g) {
        int n = memory.steps() * memory.rows() * memory.width();
        if (written) {
            k.add(dEnc, 0, g, 0, dEnc, 0, n);
        } else {
            k.copy(g, 0, dEnc, 0, n);
            written = true;
        }
    }

    /** The summary's gradient {@code [rows, width]} to accumulate into (zero at first). */
    public Buf summary() {
        int n = memory.rows() * memory.width();
        if (!summaryUsed) {
            dSummary = Scratch.ensure(k, dSummary, n);
            k.fill(dSummary, 0, n, 0);
            summaryUsed = true;
        }
        return dSummary;
    }

    /** The memory's whole gradient {@code [steps*rows, width]}. */
    public Buf finish() {
        if (!written) {
            k.fill(dEnc, 0, memory.steps() * memory.rows() * memory.width(), 0);
            written = true;
        }
        if (summaryUsed) {
            int d = memory.width();
            int h = memory.forwardWidth();
            int rows = memory.rows();
            for (int r = 0; r < rows; r++) {
                int last = ((memory.lengths()[r] - 1) * rows + r) * d;
                k.add(dEnc, last, dSummary, r * d, dEnc, last, h);
                if (memory.bidirectional()) {
                    k.add(dEnc, r * d + h, dSummary, r * d + h, dEnc, r * d + h, h);
                }
            }
        }
        return dEnc;
    }
}
