/**
 * The benchmark harness: measures Braid beside the peers a user would otherwise pick (DL4J's LSTM,
 * dl4j-spark's ParameterAveragingTrainingMaster, PyTorch on the same cores), in one run, and writes
 * results with a hardware header to {@code bench/results/}. Kept out of the driver so that the
 * spark-submit jar carries neither ND4J nor DL4J.
 */
package dev.braid.bench;
