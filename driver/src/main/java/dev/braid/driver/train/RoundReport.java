package dev.braid.driver.train;

/**
 * One averaging round, as written to metrics.jsonl: position, mean training loss (nats per token),
 * throughput, where the round's wall time went, the factor on the scheduled learning rate it trained
 * at, and, for a round that diverged, why it was rolled back ({@code null} for a round that counts);
 * the learning rate of its last update, the mean gradient norm of its updates before clipping, and
 * how many executors Spark lost while it ran (metrics of older runs read as 0 for these three).
 */
public record RoundReport(int epoch, long round, long iteration, int batchesInEpoch, int batchEnd, double loss,
                          double tokens, double tokensPerSecond, double seconds, double elapsedSeconds,
                          double broadcastSeconds, double maxTaskComputeSeconds, double aggregateSeconds,
                          double rateScale, String rolledBack, double learningRate, double gradNorm,
                          int executorsLost) {

    /** A round that counts, at the scheduled learning rate (tests and older metrics). */
    public RoundReport(int epoch, long round, long iteration, int batchesInEpoch, int batchEnd, double loss, double tokens,
                       double tokensPerSecond, double seconds, double elapsedSeconds, double broadcastSeconds,
                       double maxTaskComputeSeconds, double aggregateSeconds) {
        this(epoch, round, iteration, batchesInEpoch, batchEnd, loss, tokens, tokensPerSecond, seconds, elapsedSeconds,
                broadcastSeconds, maxTaskComputeSeconds, aggregateSeconds, 1.0, null, 0, 0, 0);
    }

    /** This round, marked as rolled back for {@code reason}. */
    public RoundReport rolledBack(String reason) {
        return new RoundReport(epoch, round, iteration, batchesInEpoch, batchEnd, loss, tokens, tokensPerSecond, seconds,
                elapsedSeconds, broadcastSeconds, maxTaskComputeSeconds, aggregateSeconds, rateScale, reason, learningRate,
                gradNorm, executorsLost);
    }

    public boolean counts() {
        return rolledBack == null;
    }
}
