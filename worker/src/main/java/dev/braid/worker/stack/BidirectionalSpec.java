package dev.braid.worker.stack;

/**
 * Reads each row forward and backward with two recurrent layers of {@code layer}'s settings
 * ({@code <name>.fwd.*}, {@code <name>.bwd.*}); the backward one starts at the row's last real step.
 * Their outputs are concatenated ({@code 2 * hidden}), then dropout. Starts each row from a zero state.
 */
public record BidirectionalSpec(String name, RecurrentSpec layer) implements LayerSpec {
    public BidirectionalSpec {
        // the branches are named by the wrapper: the inner layer's own name means nothing
        if (!layer.name().equals(name)) {
            layer = new RecurrentSpec(name, layer.cell(), layer.hidden(), layer.dropout(), layer.scope(), layer.bridge(),
                    layer.peephole(), layer.recurrentDropout());
        }
    }

    @Override public BidirectionalSpec withDropout(double rate) {
        return new BidirectionalSpec(name, layer.withDropout(rate));
    }

    @Override public Layer build(BuildContext at) {
        return new BidirectionalUnit(this, at);
    }
}
