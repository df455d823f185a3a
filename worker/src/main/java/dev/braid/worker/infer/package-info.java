/**
 * Using a trained model in one JVM: scoring held-out text with the recurrent state carried through it
 * (statically, or with dynamic evaluation, and optionally through a {@link dev.braid.worker.infer.TokenMixer}
 * that combines the network's predictions with other models), sampling text, beam search.
 */
package dev.braid.worker.infer;
