/**
 * Models: what each workload builds from the layers of {@code nn} and {@code rnn}. A model owns its
 * flat parameter and gradient buffers and, if recurrent state is carried between batches, that state.
 * Models differ only in what they build; the one training loop in {@code train} serves all of them
 * through {@link dev.braid.worker.model.SequenceModel}.
 */
package dev.braid.worker.model;
