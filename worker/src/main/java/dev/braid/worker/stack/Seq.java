package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;

/** What flows between layers: {@code values [steps*rows, width]} time-major (index {@code t * rows + b}). */
public record Seq(Buf values, int steps, int rows) {

    public int positions() {
        return steps * rows;
    }
}
