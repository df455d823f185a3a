package dev.braid.driver.plan;

/**
 * A data-parallel round, as Braid runs one: the driver broadcasts parameters and optimizer state, each of
 * W workers trains K steps of its own batches, sends its parameters and state back, and the driver sums
 * them in worker order. Its time is {@code K * step + task + job + W * aggregate + transfer}: the steps;
 * a task's fixed work (reading the broadcast, importing and exporting the model); the Spark job's own
 * overhead; the driver's deserialising and summing of each worker's result; and, between machines,
 * moving the payload over the network (the broadcast once, each worker's result to the driver).
 */
public final class ScalingModel {
    private ScalingModel() {
    }

    /**
     * What was measured: seconds per training step and the tokens it trains, the payload each way in bytes
     * (parameters and optimizer state as floats), a task's fixed seconds, a Spark job's seconds, and the
     * driver's seconds per worker result.
     */
    public record Measured(double stepSeconds, double tokensPerStep, long payloadBytes, double taskSeconds,
                           double jobSeconds, double aggregateSecondsPerWorker) {
    }

    /** A prediction for W workers averaging every K steps. */
    public record Prediction(int workers, int period, double roundSeconds, double tokensPerSecond, double efficiency,
                             double coordinationShare) {
    }

    /** One machine's rate without any coordination: the yardstick of efficiency. */
    public static double alone(Measured m) {
        return m.tokensPerStep() / m.stepSeconds();
    }

    /**
     * The round of {@code workers} at period {@code k}; {@code bytesPerSecond} is the network's rate
     * between driver and workers ({@code Double.POSITIVE_INFINITY}: one machine, nothing crosses a network).
     */
    public static Prediction predict(Measured m, int workers, int k, double bytesPerSecond) {
        double compute = k * m.stepSeconds();
        double transfer = Double.isInfinite(bytesPerSecond) ? 0 : (double) m.payloadBytes() * (workers + 1) / bytesPerSecond;
        double coordination = m.taskSeconds() + m.jobSeconds() + workers * m.aggregateSecondsPerWorker() + transfer;
        double round = compute + coordination;
        double rate = workers * k * m.tokensPerStep() / round;
        return new Prediction(workers, k, round, rate, rate / (workers * alone(m)), coordination / round);
    }

    /** The smallest period K (up to 10,000) whose coordination share is at most {@code share}; 10,000 if none. */
    public static int periodFor(Measured m, int workers, double bytesPerSecond, double share) {
        for (int k = 1; k < 10_000; k++) {
            if (predict(m, workers, k, bytesPerSecond).coordinationShare() <= share) {
                return k;
            }
        }
        return 10_000;
    }
}
