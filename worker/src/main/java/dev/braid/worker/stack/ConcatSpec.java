package dev.braid.worker.stack;

/**
 * The batch's numeric features of each position appended to the output of the layer below ({@code width}
 * per position): extra features before the output, so a head reads them beside the recurrent state
 * (e.g. the holidays of the days it forecasts) instead of only through it.
 */
public record ConcatSpec(String name, int width) implements LayerSpec {
    public ConcatSpec {
        if (width < 1) {
            throw new IllegalArgumentException("concat layer '" + name + "': width " + width + " must be >= 1");
        }
    }

    @Override public Layer build(BuildContext at) {
        return new ConcatLayer(this, at.inputWidth(), at.encoder());
    }
}
