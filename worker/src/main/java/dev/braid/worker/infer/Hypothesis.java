package dev.braid.worker.infer;

/** A decoded sequence (without {@code <s>} and {@code </s>}), its log-probability and its length-normalised score. */
public record Hypothesis(int[] tokens, double logProb, double score) {
}
