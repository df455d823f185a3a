package dev.braid.worker.stack;

/**
 * A dense projection to {@code classes} and softmax cross-entropy against class ids ({@code targets}),
 * with label smoothing (training and scoring). {@code shortlist > 0} trains on part of the classes: each
 * training batch's softmax spans only the classes below {@code shortlist} (the most frequent, where ids
 * are ordered by frequency) and the batch's own targets (Jean et al. 2015's batch vocabulary), which
 * cuts the projection's work when the classes are many; scoring and prediction use every class.
 * {@code tie} (empty: none) names an embedding layer whose {@code [classes, width]} table, read
 * transposed, is the projection (tied input and output embeddings, Press and Wolf 2017): one matrix
 * learns from both ends, and the model holds {@code classes x width} fewer parameters.
 */
public record SoftmaxSpec(String name, int classes, double labelSmoothing, StepWeights stepWeights, int shortlist,
                          String tie) implements HeadSpec {
    public SoftmaxSpec {
        if (classes < 2) {
            throw new IllegalArgumentException("softmax head '" + name + "': classes " + classes + " must be >= 2");
        }
        if (labelSmoothing < 0 || labelSmoothing >= 1) {
            throw new IllegalArgumentException("softmax head '" + name + "': labelSmoothing " + labelSmoothing
                    + " must be in [0, 1)");
        }
        if (shortlist < 0) {
            throw new IllegalArgumentException("softmax head '" + name + "': shortlist " + shortlist
                    + " must be >= 0 (0: every class in training)");
        }
        stepWeights = stepWeights == null ? StepWeights.NONE : stepWeights;
        tie = tie == null ? "" : tie;
    }

    /** A projection of its own. */
    public SoftmaxSpec(String name, int classes, double labelSmoothing, StepWeights stepWeights, int shortlist) {
        this(name, classes, labelSmoothing, stepWeights, shortlist, "");
    }

    /** Trained on every class. */
    public SoftmaxSpec(String name, int classes, double labelSmoothing, StepWeights stepWeights) {
        this(name, classes, labelSmoothing, stepWeights, 0, "");
    }

    /** Every step weighted alike, trained on every class. */
    public SoftmaxSpec(String name, int classes, double labelSmoothing) {
        this(name, classes, labelSmoothing, StepWeights.NONE, 0, "");
    }

    @Override public int outputs() {
        return classes;
    }

    @Override public HeadSpec architecture() {
        return shortlist == 0 ? this : new SoftmaxSpec(name, classes, labelSmoothing, stepWeights, 0, tie);
    }

    /** Whether the projection is an embedding's table. */
    public boolean tied() {
        return !tie.isEmpty();
    }

    @Override public Head build(BuildContext at) {
        return new SoftmaxHead(this, at);
    }
}
