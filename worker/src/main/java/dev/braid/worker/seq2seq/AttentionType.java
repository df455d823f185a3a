package dev.braid.worker.seq2seq;

/** Attention score: multiplicative {@code h^T W e} (Luong) or additive {@code v^T tanh(W_q h + W_k e)} (Bahdanau). */
public enum AttentionType { LUONG, BAHDANAU }
