package dev.braid.worker.stack;

/**
 * Token embedding: a {@code [vocabulary, dim]} table. {@code reverse} feeds each row's real tokens in
 * reverse order (a source reversed before encoding).
 */
public record EmbeddingSpec(String name, int vocabulary, int dim, boolean reverse) implements LayerSpec {
    public EmbeddingSpec {
        if (vocabulary < 2 || dim < 1) {
            throw new IllegalArgumentException("embedding '" + name + "': vocabulary " + vocabulary + " and dim " + dim
                    + " must be >= 2 and >= 1");
        }
    }

    @Override public boolean input() {
        return true;
    }

    @Override public Layer build(BuildContext at) {
        return new EmbeddingLayer(this, at);
    }
}
