package dev.braid.driver.config;

import com.typesafe.config.Config;
import dev.braid.worker.rnn.CellType;
import java.util.List;

/**
 * Architecture. The keys of the two models Braid was born with: recurrent cell, embedding size, hidden
 * size, layers, dropout after each layer (with {@code seq2seq.*} for the encoder-decoder). Or a model as a
 * stack of layers: {@code stack} (and an {@code encoder} whose output its layers may read) and a
 * {@code head} ({@code {}}: the workload's), each entry over {@code defaults.<type>} ({@link StackBinder});
 * a stack replaces the keys above.
 */
public record ModelConfig(CellType cell, int embedding, int hidden, int layers, double dropout, List<Config> stack,
                          List<Config> encoder, Config head, Config defaults) {
    public ModelConfig {
        Check.atLeast("embedding", embedding, 1);
        Check.atLeast("hidden", hidden, 1);
        Check.atLeast("layers", layers, 1);
        Check.range("dropout", dropout, 0, 1);
        if (stack.isEmpty() && !encoder.isEmpty()) {
            throw new InvalidValue("encoder", "[" + encoder.size() + " layers]", "an encoder feeds a stack: give model.stack "
                    + "too (the decoder), or model.encoder = []");
        }
        if (stack.isEmpty() && !head.isEmpty()) {
            throw new InvalidValue("head", head.root().render(com.typesafe.config.ConfigRenderOptions.concise()),
                    "a head tops a stack: give model.stack too, or model.head = {}");
        }
    }

    /** Whether the model is a stack of layers (else the old keys describe it). */
    public boolean stacked() {
        return !stack.isEmpty();
    }
}
