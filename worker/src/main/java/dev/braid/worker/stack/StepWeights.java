package dev.braid.worker.stack;

import dev.braid.worker.model.Batch;
import java.io.Serializable;
import java.util.List;

/**
 * Per-timestep loss weights of a head: the first {@code skipFirst} steps of every sequence count 0
 * (a forecaster that has not yet seen enough of the series), and step t counts {@code perStep[t]}
 * (the last value for later steps; empty: 1). They multiply the batch's own weights (padding stays 0).
 */
public record StepWeights(int skipFirst, List<Double> perStep) implements Serializable {
    public static final StepWeights NONE = new StepWeights(0, List.of());

    public StepWeights {
        perStep = List.copyOf(perStep);
        if (skipFirst < 0) {
            throw new IllegalArgumentException("skipFirst " + skipFirst + " must be >= 0");
        }
        for (double w : perStep) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("step weights " + perStep + " must be finite and >= 0");
            }
        }
    }

    public boolean none() {
        return skipFirst == 0 && perStep.isEmpty();
    }

    /** The weight of step {@code t}. */
    public double of(int t) {
        if (t < skipFirst) {
            return 0;
        }
        return perStep.isEmpty() ? 1 : perStep.get(Math.min(t, perStep.size() - 1));
    }

    /** {@code batch} with these weights applied to its per-step outputs (itself when there are none or one output per row). */
    public Batch apply(Batch batch) {
        if (none() || batch.weights().length != batch.steps() * batch.rows()) {
            return batch;
        }
        float[] w = batch.weights().clone();
        for (int t = 0; t < batch.steps(); t++) {
            float f = (float) of(t);
            for (int b = 0; b < batch.rows(); b++) {
                w[t * batch.rows() + b] *= f;
            }
        }
        return new Batch(batch.rows(), batch.steps(), batch.inputs(), batch.features(), batch.keep(), batch.lengths(),
                batch.sourceSteps(), batch.source(), batch.sourceLengths(), batch.targets(), batch.targetValues(), w);
    }
}
