package dev.braid.worker.model;

import dev.braid.worker.kernel.Precision;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.stack.EmbeddingSpec;
import dev.braid.worker.stack.LayerSpec;
import dev.braid.worker.stack.RecurrentSpec;
import dev.braid.worker.stack.SoftmaxSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The token language model of the {@code model.*} keys: embedding {@code embed}, {@code layers}
 * recurrent layers {@code rnn0..} of {@code hidden} units with dropout after each, and a softmax
 * {@code out} over the vocabulary. Also what saved models of the kind {@code language-model} hold.
 */
public record LanguageModelSpec(int vocabulary, int embedding, CellType cell, int hidden, int layers, double dropout) {

    public LanguageModelSpec {
        if (vocabulary < 2 || embedding < 1 || hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("invalid language model: " + vocabulary + " tokens, embedding "
                    + embedding + ", hidden " + hidden + ", layers " + layers);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout " + dropout + " must be in [0, 1)");
        }
    }

    /** The model as a stack of layers. */
    public ModelSpec stack() {
        List<LayerSpec> layers = new ArrayList<>();
        layers.add(new EmbeddingSpec("embed", vocabulary, embedding, false));
        for (int l = 0; l < this.layers; l++) {
            layers.add(new RecurrentSpec("rnn" + l, cell, hidden, dropout));
        }
        return ModelSpec.of(layers, new SoftmaxSpec("out", vocabulary, 0));
    }

    /** The stack, built. */
    public StackModel build(Precision precision) {
        return stack().build(precision);
    }

    /** The units of a language model of {@code layers} recurrent layers: embed, rnn0.., out. */
    public static ModelSpec.Units layerNames(int layers) {
        return new LanguageModelSpec(2, 1, CellType.LSTM, 1, layers, 0).stack().layers();
    }
}
