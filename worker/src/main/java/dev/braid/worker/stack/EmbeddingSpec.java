package dev.braid.worker.stack;

/**
 * Token embedding: a {@code [vocabulary, dim]} table. {@code reverse} feeds each row's real tokens in
 * reverse order (a source reversed before encoding). {@code pretrained} (empty: none) names a word2vec
 * text file whose vectors replace the initial rows of the symbols it has (the driver reads it; the
 * table starts from them); {@code frozen} keeps the table as it started (no gradient).
 */
public record EmbeddingSpec(String name, int vocabulary, int dim, boolean reverse, String pretrained, boolean frozen)
        implements LayerSpec {
    public EmbeddingSpec {
        if (vocabulary < 2 || dim < 1) {
            throw new IllegalArgumentException("embedding '" + name + "': vocabulary " + vocabulary + " and dim " + dim
                    + " must be >= 2 and >= 1");
        }
        pretrained = pretrained == null ? "" : pretrained;
    }

    /** A trainable table initialised at random. */
    public EmbeddingSpec(String name, int vocabulary, int dim, boolean reverse) {
        this(name, vocabulary, dim, reverse, "", false);
    }

    @Override public boolean input() {
        return true;
    }

    @Override public Layer build(BuildContext at) {
        return new EmbeddingLayer(this, at);
    }
}
