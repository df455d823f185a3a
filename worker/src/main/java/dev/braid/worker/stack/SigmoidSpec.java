package dev.braid.worker.stack;

/**
 * A dense projection to {@code labels} independent logits and sigmoid cross-entropy against 0/1
 * targets ({@code targetValues}, {@code labels} per output): binary classification (one label) or
 * multi-label.
 */
public record SigmoidSpec(String name, int labels, StepWeights stepWeights) implements HeadSpec {
    public SigmoidSpec {
        if (labels < 1) {
            throw new IllegalArgumentException("sigmoid head '" + name + "': labels " + labels + " must be >= 1");
        }
        stepWeights = stepWeights == null ? StepWeights.NONE : stepWeights;
    }

    @Override public int outputs() {
        return labels;
    }

    @Override public Head build(BuildContext at) {
        return new SigmoidHead(this, at);
    }
}
