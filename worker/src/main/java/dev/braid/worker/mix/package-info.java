/**
 * Context mixing for evaluation: combining a network's next-token distributions with n-gram models
 * counted from the training text and from the text read so far, as adaptive compressors combine
 * their models. Knows nothing of Spark or files.
 */
package dev.braid.worker.mix;
