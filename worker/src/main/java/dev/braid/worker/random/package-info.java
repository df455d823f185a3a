/** The run's random streams, each derived from (seed, purpose, epoch, partition, step) in one class. */
package dev.braid.worker.random;
