package dev.braid.worker.kernel;

/** Element-wise activations of dense and convolution layers. */
public enum Activation {
    LINEAR, TANH, RELU, SIGMOID
}
