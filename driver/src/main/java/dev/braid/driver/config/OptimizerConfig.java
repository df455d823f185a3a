package dev.braid.driver.config;

import dev.braid.worker.train.OptimizerSpec;

/**
 * Optimizer: Adam or SGD, learning rate, Adam's betas and epsilon, global gradient-norm clipping
 * (0 = off), linear warm-up over {@code warmupSteps} updates, then {@code decay} none or inverse-sqrt.
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

    public OptimizerSpec toSpec() {
        return new OptimizerSpec(type, learningRate, beta1, beta2, epsilon, clipNorm, warmupSteps, decay);
    }
}
