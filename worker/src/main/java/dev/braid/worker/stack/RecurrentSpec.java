package dev.braid.worker.stack;

import dev.braid.worker.rnn.CellType;

/**
 * A recurrent layer of {@code hidden} units with dropout after it and, when {@code recurrentDropout}
 * > 0, variational dropout on the state its recurrent projection reads (one mask per row and segment);
 * an LSTM may have {@code peephole} connections. Its parameters are {@code <scope>.W/U/b(/P)}
 * ({@code scope} null or empty: the name). In a decoder, {@code bridge} (null or empty: none) names the parameters
 * {@code <bridge>.W/b} of its initial state {@code tanh(W s + b)} from the encoder's summary
 * {@code s}; without a bridge a main-stack layer carries its state from batch to batch.
 */
public record RecurrentSpec(String name, CellType cell, int hidden, double dropout, String scope, String bridge,
                            boolean peephole, double recurrentDropout) implements LayerSpec {
    public RecurrentSpec {
        if (hidden < 1) {
            throw new IllegalArgumentException("recurrent layer '" + name + "': hidden " + hidden + " must be >= 1");
        }
        if (dropout < 0 || dropout >= 1 || recurrentDropout < 0 || recurrentDropout >= 1) {
            throw new IllegalArgumentException("recurrent layer '" + name + "': dropout " + dropout + " and "
                    + "recurrentDropout " + recurrentDropout + " must be in [0, 1)");
        }
        scope = scope == null || scope.isEmpty() ? null : scope;
        bridge = bridge == null || bridge.isEmpty() ? null : bridge;
        if (peephole && cell != CellType.LSTM) {
            throw new IllegalArgumentException("recurrent layer '" + name + "': peephole connections are an LSTM's; set "
                    + "cell = lstm or peephole = false");
        }
    }

    /** A layer named {@code name} with its parameters under that name and no bridge. */
    public RecurrentSpec(String name, CellType cell, int hidden, double dropout) {
        this(name, cell, hidden, dropout, null, null, false, 0);
    }

    /** With parameters under {@code scope} and a {@code bridge} (either null). */
    public RecurrentSpec(String name, CellType cell, int hidden, double dropout, String scope, String bridge) {
        this(name, cell, hidden, dropout, scope, bridge, false, 0);
    }

    /** Where its parameters live. */
    public String params() {
        return scope == null ? name : scope;
    }

    @Override public RecurrentSpec withDropout(double rate) {
        return new RecurrentSpec(name, cell, hidden, rate, scope, bridge, peephole, recurrentDropout == 0 ? 0 : rate);
    }

    @Override public Layer build(BuildContext at) {
        if (bridge != null) {
            at.needsMemory(name, "bridges its initial state from");
        }
        return new RecurrentUnit(this, at);
    }
}
