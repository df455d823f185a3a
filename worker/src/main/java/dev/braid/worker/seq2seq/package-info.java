/**
 * Global attention over an encoder's outputs (the {@code attention} layer of
 * {@link dev.braid.worker.stack}). Sequences are right-padded; every source row carries its length, so
 * attention gives padding exactly zero weight (changing padded tokens changes nothing).
 *
 * <p>Attention follows Luong et al. (2015): the decoder RNN runs first (so teacher-forced training is
 * one pass over all target steps, with the input projection of all steps in one GEMM), then each
 * decoder state attends over the encoder outputs and is combined with its context as
 * {@code tanh(W_c [ctx; h] + b_c)}. The score is multiplicative ({@code h^T W_a e}, Luong's "general")
 * or additive ({@code v^T tanh(W_q h + W_k e)}, Bahdanau's score), chosen by config.
 */
package dev.braid.worker.seq2seq;
