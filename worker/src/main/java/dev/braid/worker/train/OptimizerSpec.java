package dev.braid.worker.train;

import java.io.Serializable;

/**
 * Optimizer settings: Adam or plain SGD, learning rate, Adam's moments, global gradient-norm clipping
 * ({@code clipNorm = 0} turns clipping off), and the schedule: a linear warm-up over
 * {@code warmupSteps} updates, then constant or inverse-square-root decay.
 */
public record OptimizerSpec(Kind kind, double learningRate, double beta1, double beta2, double epsilon,
                            double clipNorm, int warmupSteps, Decay decay) implements Serializable {

    public enum Kind { ADAM, SGD }

    /** After warm-up: keep the rate, or multiply it by {@code sqrt(warmup / step)}. */
    public enum Decay { NONE, INVERSE_SQRT }

    /** Constant learning rate, no warm-up. */
    public OptimizerSpec(Kind kind, double learningRate, double beta1, double beta2, double epsilon, double clipNorm) {
        this(kind, learningRate, beta1, beta2, epsilon, clipNorm, 0, Decay.NONE);
    }

    public OptimizerSpec {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps=" + warmupSteps + ": must be >= 0");
        }
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

    /** The learning rate of the {@code iteration}-th update (0-based). */
    public double rate(long iteration) {
        double step = iteration + 1;
        double warm = Math.max(1, warmupSteps);
        double factor = step < warm ? step / warm : 1;
        if (decay == Decay.INVERSE_SQRT && step > warm) {
            factor = Math.sqrt(warm / step);
        }
        return learningRate * factor;
    }
}
