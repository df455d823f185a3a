package dev.braid.worker.model;

import java.io.Serializable;

/**
 * A batch of {@code rows} source-target pairs, right-padded and time-major (index {@code t * rows + b}):
 * sources of {@code sourceSteps} steps with each row's length; decoder inputs ({@code <s> y1 .. yn})
 * and outputs ({@code y1 .. yn </s>}) of {@code targetSteps} steps with weight 0 on padding.
 */
public record Seq2SeqBatch(int rows, int sourceSteps, int targetSteps, int[] source, int[] sourceLengths,
                           int[] targetIn, int[] targetOut, float[] weights) implements Serializable {

    public Seq2SeqBatch {
        if (source.length != rows * sourceSteps || sourceLengths.length != rows || targetIn.length != rows * targetSteps
                || targetOut.length != rows * targetSteps || weights.length != rows * targetSteps) {
            throw new IllegalArgumentException("batch arrays do not match " + rows + " rows");
        }
        for (int len : sourceLengths) {
            if (len < 1 || len > sourceSteps) {
                throw new IllegalArgumentException("source length " + len + " outside [1, " + sourceSteps + "]");
            }
        }
    }

    /** Target tokens that count (non-padding). */
    public int targetTokens() {
        int n = 0;
        for (float w : weights) {
            n += w > 0 ? 1 : 0;
        }
        return n;
    }
}
