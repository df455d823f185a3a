package dev.braid.worker.stack;

/** Inverted dropout of {@code rate} (training only; evaluation passes values through). */
public record DropoutSpec(String name, double rate) implements LayerSpec {
    public DropoutSpec {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("dropout layer '" + name + "': rate " + rate + " must be in [0, 1)");
        }
    }

    @Override public DropoutSpec withDropout(double r) {
        return new DropoutSpec(name, r);
    }

    @Override public Layer build(BuildContext at) {
        return new DropoutLayer(this, at.inputWidth());
    }
}
