/**
 * Braid's recurrent core: LSTM, GRU and simple RNN layers whose training step takes the initial state
 * as input and leaves the final state behind, with truncated BPTT (gradients stop at the segment
 * boundary, the state does not) and per-row state resets at document boundaries.
 *
 * <h2>Why Braid owns the cells</h2>
 * DL4J 1.0.0-M2.1 cannot be the core: {@code fit()} clears RNN state on every call, its LSTM backward
 * recomputes the forward from a zero state when a state was carried (the recurrent-weight gradient is
 * exactly 0 in a T=2, tBPTT=1 check), SameDiff's {@code lstmLayer} swaps h0/c0 and gives wrong
 * gradients with any initial state, and there is no GRU. The per-layer DL4J path that does work would
 * still run on ND4J ops, which cost 50–160 µs each here (see {@code dev.braid.worker.kernel}), about
 * as much as the GEMMs they surround. So each cell here is a time loop of: one GEMM for the input
 * projection of all timesteps, one small GEMM per step for the recurrent projection, one fused
 * element-wise kernel per step, and after the backward loop three large GEMMs for dW, dU and dX.
 *
 * <p>Layout: inputs and outputs are {@code [T*B, n]} time-major matrices. Weights are {@code W [nIn, G*H]},
 * {@code U [H, G*H]}, {@code b [1, G*H]}. Correctness is held by finite-difference gradient checks in
 * double precision with zero and non-zero carried state, resets and masks.
 */
package dev.braid.worker.rnn;
