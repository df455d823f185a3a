/**
 * Sequence classification as workers do it: documents cut into word or character tokens and truncated,
 * labelled examples cut into padded batches of similar lengths, and a trained model's probabilities for
 * documents. Knows nothing of Spark or files.
 */
package dev.braid.worker.classify;
