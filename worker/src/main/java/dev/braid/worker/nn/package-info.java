/**
 * Feed-forward building blocks of Braid's models: the flat parameter layout
 * ({@link dev.braid.worker.nn.ParamLayout}) that gives every layer its place in one parameter buffer and
 * one gradient buffer, and the non-recurrent layers (embedding, dense softmax output, dropout).
 *
 * <p>One flat buffer per model is deliberate: the optimizer updates it with a single op, broadcast and
 * aggregation on Spark move one array, and checkpoints write one blob. Sequence tensors are 2-D
 * {@code [T*B, features]} matrices in time-major row order (row {@code t*B + b}), so that the projection
 * of all timesteps is one GEMM and each timestep is a contiguous block of rows.
 */
package dev.braid.worker.nn;
