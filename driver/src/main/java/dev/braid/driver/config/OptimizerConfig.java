package dev.braid.driver.config;

import dev.braid.worker.train.OptimizerSpec;

/**
 * Optimizer: Adam or SGD, learning rate, Adam's betas and epsilon, global gradient-norm clipping
 * (0 = off), linear warm-up over {@code warmupSteps} updates, then {@code decay} none, inverse-sqrt or
 * cosine (down to a tenth of the rate at the end of {@code training.epochs}).
 */
public record OptimizerConfig(OptimizerSpec.Kind type, double learningRate, double beta1, double beta2,
                              double epsilon, double clipNorm, int warmupSteps, OptimizerSpec.Decay decay) {
    public OptimizerConfig {
        Check.positive("learningRate", learningRate);
        Check.range("beta1", beta1, 0, 1);
        Check.range("beta2", beta2, 0, 1);
        Check.positive("epsilon", epsilon);
        Check.nonNegative("clipNorm", clipNorm);
        Check.atLeast("warmupSteps", warmupSteps, 0);
    }

    /** The worker's optimizer for a run of {@code plannedUpdates} updates (the cosine schedule's length). */
    public OptimizerSpec toSpec(long plannedUpdates) {
        if (decay == OptimizerSpec.Decay.COSINE && plannedUpdates <= warmupSteps) {
            throw new ConfigError("optimizer.decay=cosine with optimizer.warmupSteps=" + warmupSteps + ": the run plans only "
                    + plannedUpdates + " updates (training.epochs x batches per epoch); lower warmupSteps or raise training.epochs");
        }
        return new OptimizerSpec(type, learningRate, beta1, beta2, epsilon, clipNorm, warmupSteps, decay, plannedUpdates);
    }
}
