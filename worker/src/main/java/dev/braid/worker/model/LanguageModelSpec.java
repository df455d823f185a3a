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
        return LanguageModel.unitNames(this);
    }

    @Override public LanguageModel build(Precision precision) {
        return new LanguageModel(this, precision);
    }
}
