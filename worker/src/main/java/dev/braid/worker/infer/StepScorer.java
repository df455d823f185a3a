package dev.braid.worker.infer;

/**
 * A decoder seen by search: given, for every live hypothesis row, the row of the previous step it
 * extends and its last token, returns next-token log-probabilities {@code [rows * V]}.
 */
public interface StepScorer {

    int vocabulary();

    /** Which example (source) row r of the current step belongs to is the caller's business. */
    float[] step(int[] parentRows, int[] lastTokens);
}
