package dev.braid.worker.train;

import java.io.Serializable;

/**
 * Optimizer settings: Adam or plain SGD, learning rate, Adam's moments, global gradient-norm clipping
 * ({@code clipNorm = 0} turns clipping off), and the schedule: a linear warm-up over
 * {@code warmupSteps} updates, then constant, inverse-square-root or cosine decay; the cosine ends at
 * update {@code decaySteps} (the run's planned updates) at {@link #COSINE_FLOOR} of the rate.
 */
public record OptimizerSpec(Kind kind, double learningRate, double beta1, double beta2, double epsilon,
                            double clipNorm, int warmupSteps, Decay decay, long decaySteps) implements Serializable {

    /** The fraction of the learning rate that a cosine schedule ends at (and holds after). */
    public static final double COSINE_FLOOR = 0.1;

    public enum Kind {
        ADAM, SGD;

        /** Values of optimizer state per parameter (Adam keeps two moments). */
        public int stateMultiple() {
            return this == ADAM ? 2 : 0;
        }
    }

    /**
     * After warm-up: keep the rate, multiply it by {@code sqrt(warmup / step)}, or follow a half cosine
     * from the rate down to {@code COSINE_FLOOR} times it at {@code decaySteps}.
     */
    public enum Decay { NONE, INVERSE_SQRT, COSINE }

    /** Constant learning rate, no warm-up. */
    public OptimizerSpec(Kind kind, double learningRate, double beta1, double beta2, double epsilon, double clipNorm) {
        this(kind, learningRate, beta1, beta2, epsilon, clipNorm, 0, Decay.NONE, 0);
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
        if (decay == Decay.COSINE && decaySteps <= warmupSteps) {
            throw new IllegalArgumentException("decaySteps=" + decaySteps + " with warmupSteps=" + warmupSteps
                    + ": a cosine schedule needs more planned updates than warm-up updates");
        }
        if (clipNorm < 0) {
            throw new IllegalArgumentException("clipNorm=" + clipNorm + ": must be >= 0 (0 = no clipping)");
        }
    }

    /** Values of optimizer state per parameter (Adam keeps two moments). */
    public int stateMultiple() {
        return kind.stateMultiple();
    }

    /** The learning rate of the {@code iteration}-th update (0-based). */
    public double rate(long iteration) {
        return rate(iteration, decaySteps);
    }

    /**
     * As above with the cosine ending at update {@code plannedUpdates} instead ({@code <= 0}: at
     * {@code decaySteps}); a run on a time budget plans its length from the measured round time.
     */
    public double rate(long iteration, long plannedUpdates) {
        long decaySteps = plannedUpdates > warmupSteps ? plannedUpdates : this.decaySteps;
        double step = iteration + 1;
        double warm = Math.max(1, warmupSteps);
        double factor = step < warm ? step / warm : 1;
        if (decay == Decay.INVERSE_SQRT && step > warm) {
            factor = Math.sqrt(warm / step);
        } else if (decay == Decay.COSINE && step > warm) {
            double progress = Math.min(1, (step - warm) / (decaySteps - warm));
            factor = COSINE_FLOOR + (1 - COSINE_FLOOR) * 0.5 * (1 + Math.cos(Math.PI * progress));
        }
        return learningRate * factor;
    }
}
