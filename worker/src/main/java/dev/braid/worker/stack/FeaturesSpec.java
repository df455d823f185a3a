package dev.braid.worker.stack;

/** Numeric input: {@code width} features per position, from the batch's {@code features}. */
public record FeaturesSpec(String name, int width) implements LayerSpec {
    public FeaturesSpec {
        if (width < 1) {
            throw new IllegalArgumentException("features layer '" + name + "': width " + width + " must be >= 1");
        }
    }

    @Override public boolean input() {
        return true;
    }

    @Override public Layer build(BuildContext at) {
        return new FeaturesLayer(this, at.encoder());
    }
}
