/**
 * Encoded data as workers hold it: the vocabulary and the blocks of consecutive streams that a
 * partition owns, and the batch sources that cut them into training batches without re-encoding.
 */
package dev.braid.worker.data;
