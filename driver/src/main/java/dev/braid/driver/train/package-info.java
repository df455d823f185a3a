/**
 * The training master: one Spark job per averaging round. Parameters and optimizer state are
 * broadcast; each partition trains K minibatches from its cached block, starting from its own carried
 * RNN state (which travels back with the result and returns to the same partition index next round,
 * never averaged); results are summed in partition order and averaged by token weight. The Spark
 * functions here only adapt {@code dev.braid.worker.train}.
 */
package dev.braid.driver.train;
