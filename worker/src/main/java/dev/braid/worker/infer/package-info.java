/**
 * Using a trained model in one JVM: scoring held-out text with the recurrent state carried through it,
 * and sampling text.
 */
package dev.braid.worker.infer;
