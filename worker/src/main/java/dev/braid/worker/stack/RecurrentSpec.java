package dev.braid.worker.stack;

import dev.braid.worker.rnn.CellType;

/**
 * A recurrent layer of {@code hidden} units with dropout after it. Its parameters are
 * {@code <scope>.W/U/b} ({@code scope} null: the name). In a decoder, {@code bridge} (null: none) names
 * the parameters {@code <bridge>.W/b} of its initial state {@code tanh(W s + b)} from the encoder's
 * summary {@code s}; without a bridge a decoder-side layer carries its state from batch to batch.
 */
public record RecurrentSpec(String name, CellType cell, int hidden, double dropout, String scope, String bridge)
        implements LayerSpec {
    public RecurrentSpec {
        if (hidden < 1) {
            throw new IllegalArgumentException("recurrent layer '" + name + "': hidden " + hidden + " must be >= 1");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("recurrent layer '" + name + "': dropout " + dropout + " must be in [0, 1)");
        }
    }

    /** A layer named {@code name} with its parameters under that name and no bridge. */
    public RecurrentSpec(String name, CellType cell, int hidden, double dropout) {
        this(name, cell, hidden, dropout, null, null);
    }

    /** Where its parameters live. */
    public String params() {
        return scope == null ? name : scope;
    }

    @Override public RecurrentSpec withDropout(double rate) {
        return new RecurrentSpec(name, cell, hidden, rate, scope, bridge);
    }

    @Override public Layer build(BuildContext at) {
        if (bridge != null) {
            at.needsMemory(name, "bridges its initial state from");
        }
        return new RecurrentUnit(this, at);
    }
}
