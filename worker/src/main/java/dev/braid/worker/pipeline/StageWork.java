package dev.braid.worker.pipeline;

/**
 * What one stage computes for a micro-batch. Payloads are whatever the model's stages exchange
 * (activations forward, gradients backward); the first stage receives null inputs and the last
 * null output gradients. A payload must stay valid until the receiving stage's matching pass ends.
 */
public interface StageWork {

    /** The forward pass of micro-batch {@code m} on its input; returns the next stage's input. */
    Object forward(int m, Object input);

    /** The backward pass of micro-batch {@code m}; returns the gradient for the previous stage. */
    Object backward(int m, Object outputGradient);
}
