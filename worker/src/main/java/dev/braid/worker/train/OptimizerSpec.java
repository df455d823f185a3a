package dev.braid.worker.train;

import java.io.Serializable;

/**
 * Optimizer settings: Adam or plain SGD, learning rate, Adam's moments, and global gradient-norm
 * clipping ({@code clipNorm = 0} turns clipping off).
 */
public record OptimizerSpec(Kind kind, double learningRate, double beta1, double beta2, double epsilon,
                            double clipNorm) implements Serializable {

    public enum Kind { ADAM, SGD }

    public OptimizerSpec {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate=" + learningRate + ": must be > 0");
        }
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
            throw new IllegalArgumentException("beta1=" + beta1 + ", beta2=" + beta2 + ": each must be in [0, 1)");
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon=" + epsilon + ": must be > 0");
        }
        if (clipNorm < 0) {
            throw new IllegalArgumentException("clipNorm=" + clipNorm + ": must be >= 0 (0 = no clipping)");
        }
    }

    /** Values of optimizer state per parameter (Adam keeps two moments). */
    public int stateMultiple() {
        return kind == Kind.ADAM ? 2 : 0;
    }
}
