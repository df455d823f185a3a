package dev.braid.worker.stack;

/**
 * Repeats a one-step input (a vector per row) over {@code steps} steps (vec2seq); 0: as many steps as
 * the batch's main sequence has.
 */
public record RepeatSpec(String name, int steps) implements LayerSpec {
    public RepeatSpec {
        if (steps < 0) {
            throw new IllegalArgumentException("repeat layer '" + name + "': steps " + steps + " must be >= 0");
        }
    }

    @Override public Layer build(BuildContext at) {
        return new RepeatLayer(this, at);
    }
}
