package dev.braid.worker.rnn;

import dev.braid.worker.nn.ParamLayout;

/** The recurrent cells Braid trains. */
public enum CellType {
    LSTM, GRU, RNN_TANH, RNN_RELU;

    /** Registers the layer's parameters in {@code layout} under {@code name} and returns it. */
    public RecurrentLayer create(String name, ParamLayout layout, int nIn, int hidden) {
        return create(name, layout, nIn, hidden, false);
    }

    /** As above; {@code peephole} gives an LSTM peephole connections (refused for the other cells). */
    public RecurrentLayer create(String name, ParamLayout layout, int nIn, int hidden, boolean peephole) {
        if (peephole && this != LSTM) {
            throw new IllegalArgumentException("layer '" + name + "': peephole connections are an LSTM's; cell is "
                    + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        return switch (this) {
            case LSTM -> new LstmLayer(name, layout, nIn, hidden, peephole);
            case GRU -> new GruLayer(name, layout, nIn, hidden);
            case RNN_TANH -> new SimpleRnnLayer(name, layout, nIn, hidden, false);
            case RNN_RELU -> new SimpleRnnLayer(name, layout, nIn, hidden, true);
        };
    }

    /** Number of state vectors per row: LSTM carries h and c, the others h. */
    public int stateParts() {
        return this == LSTM ? 2 : 1;
    }
}
