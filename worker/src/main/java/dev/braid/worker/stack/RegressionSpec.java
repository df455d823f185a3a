package dev.braid.worker.stack;

import dev.braid.worker.kernel.RegressionLoss;

/**
 * A dense projection to {@code outputs} numbers compared with {@code targetValues} by squared error,
 * absolute error or Huber's loss (quadratic within {@code delta}): forecasting, vec2seq.
 */
public record RegressionSpec(String name, int outputs, RegressionLoss loss, double delta, StepWeights stepWeights)
        implements HeadSpec {
    public RegressionSpec {
        if (outputs < 1) {
            throw new IllegalArgumentException("regression head '" + name + "': outputs " + outputs + " must be >= 1");
        }
        if (!(delta > 0)) {
            throw new IllegalArgumentException("regression head '" + name + "': delta " + delta + " must be > 0");
        }
        stepWeights = stepWeights == null ? StepWeights.NONE : stepWeights;
    }

    @Override public Head build(BuildContext at) {
        return new RegressionHead(this, at);
    }
}
