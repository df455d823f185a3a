package dev.braid.worker.stack;

/**
 * A dense projection to {@code classes} and softmax cross-entropy against class ids ({@code targets}),
 * with label smoothing (training and scoring).
 */
public record SoftmaxSpec(String name, int classes, double labelSmoothing, StepWeights stepWeights) implements HeadSpec {
    public SoftmaxSpec {
        if (classes < 2) {
            throw new IllegalArgumentException("softmax head '" + name + "': classes " + classes + " must be >= 2");
        }
        if (labelSmoothing < 0 || labelSmoothing >= 1) {
            throw new IllegalArgumentException("softmax head '" + name + "': labelSmoothing " + labelSmoothing
                    + " must be in [0, 1)");
        }
        stepWeights = stepWeights == null ? StepWeights.NONE : stepWeights;
    }

    /** Every step weighted alike. */
    public SoftmaxSpec(String name, int classes, double labelSmoothing) {
        this(name, classes, labelSmoothing, StepWeights.NONE);
    }

    @Override public int outputs() {
        return classes;
    }

    @Override public Head build(BuildContext at) {
        return new SoftmaxHead(this, at);
    }
}
