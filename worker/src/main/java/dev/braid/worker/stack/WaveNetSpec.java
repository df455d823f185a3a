package dev.braid.worker.stack;

import java.util.List;

/**
 * A stack of WaveNet residual blocks (van den Oord et al. 2016), one per entry of {@code dilations}:
 * a dilated causal convolution of {@code kernel} taps to {@code 2 * channels}, the gated activation
 * {@code z = tanh(f) * sigmoid(g)}, and a 1x1 projection of z to a residual (added to the block's
 * input) and a skip output. The layer outputs {@code relu} of the sum of the skips ({@code channels}
 * wide). An input of another width is first projected to {@code channels} ({@code <name>.in}). In a
 * stateful stack every block carries its last {@code (kernel-1)*dilation} inputs between batches.
 */
public record WaveNetSpec(String name, int channels, int kernel, List<Integer> dilations) implements LayerSpec {
    public WaveNetSpec {
        dilations = List.copyOf(dilations);
        if (channels < 1 || kernel < 1 || dilations.isEmpty() || dilations.stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("wavenet layer '" + name + "': channels " + channels + ", kernel " + kernel
                    + " and dilations " + dilations + " must be >= 1 (at least one dilation)");
        }
    }

    @Override public Layer build(BuildContext at) {
        return new WaveNetLayer(this, at);
    }
}
