package dev.braid.worker.stack;

/**
 * A dense projection to {@code classes} and softmax cross-entropy against class ids, with label
 * smoothing (training and scoring).
 */
public record SoftmaxSpec(String name, int classes, double labelSmoothing) implements HeadSpec {
    public SoftmaxSpec {
        if (classes < 2) {
            throw new IllegalArgumentException("softmax head '" + name + "': classes " + classes + " must be >= 2");
        }
        if (labelSmoothing < 0 || labelSmoothing >= 1) {
            throw new IllegalArgumentException("softmax head '" + name + "': labelSmoothing " + labelSmoothing
                    + " must be in [0, 1)");
        }
    }

    @Override public Head build(BuildContext at) {
        return new SoftmaxHead(this, at);
    }
}
