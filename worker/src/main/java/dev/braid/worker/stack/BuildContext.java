package dev.braid.worker.stack;

import dev.braid.worker.nn.ParamLayout;

/**
 * Where a layer is built: the model's parameter layout, its unit index, which stack it is in (an
 * encoder's layers read the batch's source; its recurrent layers start every example from a zero
 * state), the width of its input (the layer before it) and of the encoder's memory (0 without one),
 * and how many directions the memory's top layer read it in (1, or 2 when it is bidirectional).
 */
public record BuildContext(ParamLayout layout, int unit, boolean encoder, int inputWidth, int memoryWidth,
                           int memoryDirections) {

    /** A layer of this spec needs a memory: refused in a model without an encoder, naming the layer. */
    public void needsMemory(String name, String what) {
        if (memoryWidth == 0) {
            throw new IllegalArgumentException("layer '" + name + "' " + what + " an encoder's output, and the model has "
                    + "no encoder: give it model.encoder layers, or remove the layer");
        }
    }
}
