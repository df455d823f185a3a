package dev.braid.driver.train;

/**
 * One averaging round, as written to metrics.jsonl: position, mean training loss (nats per token),
 * throughput, and where the round's wall time went.
 */
public record RoundReport(int epoch, long round, long iteration, int batchesInEpoch, int batchEnd, double loss,
                          double tokens, double tokensPerSecond, double seconds, double elapsedSeconds,
                          double broadcastSeconds, double maxTaskComputeSeconds, double aggregateSeconds) {
}
