/**
 * The one training loop (Spark-free): optimizer, gradient clipping, and the round runner that the
 * driver's Spark function adapts. A round starts from broadcast parameters, optimizer state and (for
 * stateful training) the partition's carried RNN state, trains a range of batches, and returns all three
 * with the loss sums the driver averages.
 */
package dev.braid.worker.train;
