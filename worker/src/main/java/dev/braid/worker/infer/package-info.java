/**
 * Using a trained model in one JVM: scoring held-out text with the recurrent state carried through it
 * (statically, or with dynamic evaluation, and optionally through a {@link dev.braid.worker.infer.TokenMixer}
 * that combines the network's predictions with other models), sampling text, beam search; and the figures
 * a model is scored by (sequence error rates, a binary classifier's accuracy, F1 and ROC AUC).
 */
package dev.braid.worker.infer;
