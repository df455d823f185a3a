package dev.braid.worker.stack;

import dev.braid.worker.kernel.Activation;

/** A dense layer at every position: {@code act(x W + b)} with {@code units} outputs. */
public record DenseSpec(String name, int units, Activation activation) implements LayerSpec {
    public DenseSpec {
        if (units < 1) {
            throw new IllegalArgumentException("dense layer '" + name + "': units " + units + " must be >= 1");
        }
    }

    @Override public Layer build(BuildContext at) {
        return new DenseLayer(this, at);
    }
}
