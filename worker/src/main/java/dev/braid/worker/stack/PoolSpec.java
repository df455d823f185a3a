package dev.braid.worker.stack;

/**
 * Pools each row's real steps into one vector (seq2vec): its last real step, their mean, their
 * element-wise maximum, or an attention-weighted sum ({@code softmax} over the steps of {@code x . v},
 * {@code v} learned). The output has one step.
 */
public record PoolSpec(String name, Mode mode) implements LayerSpec {

    /** How the steps are pooled. */
    public enum Mode { LAST, MEAN, MAX, ATTENTION }

    @Override public Layer build(BuildContext at) {
        return new PoolLayer(this, at);
    }
}
