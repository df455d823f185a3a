package dev.braid.driver.config;

import dev.braid.worker.rnn.CellType;

/** Architecture: recurrent cell, embedding size, hidden size, layers, dropout after each layer. */
public record ModelConfig(CellType cell, int embedding, int hidden, int layers, double dropout) {
    public ModelConfig {
        Check.atLeast("embedding", embedding, 1);
        Check.atLeast("hidden", hidden, 1);
        Check.atLeast("layers", layers, 1);
        Check.range("dropout", dropout, 0, 1);
    }
}
