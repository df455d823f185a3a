package dev.braid.worker.infer;

/**
 * How {@link DynamicEvaluator} adapts: the update rule, its step size, the pull back towards the
 * trained parameters (RMS rule only; 0 = none) and the segment length (tokens scored per step).
 */
public record DynamicSpec(Rule rule, double learningRate, double decay, int segmentLength) {
    /** SGD: a clipped gradient step. RMS: Krause et al.'s step normalised by training-gradient RMS. */
    public enum Rule { SGD, RMS }

    public DynamicSpec {
        if (!(learningRate > 0) || !(decay >= 0) || segmentLength < 1) {
            throw new IllegalArgumentException("dynamic evaluation needs learningRate > 0, decay >= 0 and segmentLength "
                    + ">= 1 (got " + learningRate + ", " + decay + ", " + segmentLength + ")");
        }
    }
}
