package dev.braid.worker.model;

import dev.braid.worker.kernel.Precision;
import dev.braid.worker.rnn.CellType;

/**
 * Token language model: embedding, {@code layers} recurrent layers of {@code hidden} units with
 * dropout after each, and a softmax over the vocabulary.
 */
public record LanguageModelSpec(int vocabulary, int embedding, CellType cell, int hidden, int layers,
                                double dropout) implements ModelSpec {

    public LanguageModelSpec {
        if (vocabulary < 2 || embedding < 1 || hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("invalid language model: " + vocabulary + " tokens, embedding "
                    + embedding + ", hidden " + hidden + ", layers " + layers);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout " + dropout + " must be in [0, 1)");
        }
    }

    /** The same architecture with another dropout rate (dropout is a training setting, not a shape). */
    @Override public LanguageModelSpec withDropout(double rate) {
        return new LanguageModelSpec(vocabulary, embedding, cell, hidden, layers, rate);
    }

    @Override public java.util.List<String> units() {
        return layerNames(layers);
    }

    /**
     * The layers of a language model of {@code layers} recurrent layers, as a pipeline places them:
     * the embedding, each recurrent layer (with its dropout), the softmax output; named as their
     * parameters are prefixed.
     */
    public static java.util.List<String> layerNames(int layers) {
        java.util.List<String> names = new java.util.ArrayList<>();
        names.add("embed");
        for (int l = 0; l < layers; l++) {
            names.add("rnn" + l);
        }
        names.add("out");
        return names;
    }

    @Override public LanguageModel build(dev.braid.worker.kernel.Kernels kernels) {
        return new LanguageModel(this, kernels, null, null);
    }

    @Override public LanguageModel build(Precision precision) {
        return new LanguageModel(this, precision);
    }
}
