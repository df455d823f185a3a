package dev.braid.worker.stack;

import dev.braid.worker.kernel.Activation;

/**
 * A 1-D convolution over time: {@code filters} outputs from windows of {@code kernel} steps
 * {@code dilation} apart, every {@code stride} steps, then {@code activation}. {@code causal} padding
 * sees only the past (and, in a stateful stack, carries its last {@code (kernel-1)*dilation} inputs
 * from batch to batch), {@code same} pads both ends to keep the length (at stride 1), {@code valid}
 * does not pad.
 */
public record Conv1DSpec(String name, int filters, int kernel, int stride, int dilation, Padding padding,
                         Activation activation) implements LayerSpec {

    /** Where the windows may reach beyond the input. */
    public enum Padding { CAUSAL, SAME, VALID }

    public Conv1DSpec {
        if (filters < 1 || kernel < 1 || stride < 1 || dilation < 1) {
            throw new IllegalArgumentException("conv1d layer '" + name + "': filters " + filters + ", kernel " + kernel
                    + ", stride " + stride + ", dilation " + dilation + " must each be >= 1");
        }
    }

    /** Steps padded before and after the input. */
    int padBefore() {
        int span = (kernel - 1) * dilation;
        return switch (padding) {
            case CAUSAL -> span;
            case SAME -> span / 2;
            case VALID -> 0;
        };
    }

    int padAfter() {
        return padding == Padding.SAME ? (kernel - 1) * dilation - padBefore() : 0;
    }

    /** Output steps of an input of {@code steps} (0 when the input is shorter than one window). */
    public int outputSteps(int steps) {
        int extended = padBefore() + steps + padAfter();
        int span = (kernel - 1) * dilation + 1;
        return extended < span ? 0 : (extended - span) / stride + 1;
    }

    /** Whether it carries its last inputs between batches (causal at stride 1, outside an encoder). */
    boolean carries(boolean encoder) {
        return padding == Padding.CAUSAL && stride == 1 && !encoder && kernel > 1;
    }

    @Override public Layer build(BuildContext at) {
        return new Conv1DLayer(this, at);
    }
}
