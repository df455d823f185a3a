package dev.braid.worker.model;

/** Loss of one batch: the weighted sum of per-token losses (nats) and the sum of weights (tokens). */
public record StepLoss(double sum, double weight) {

    public double mean() {
        return weight == 0 ? 0 : sum / weight;
    }
}
