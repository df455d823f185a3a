/**
 * The device check {@code scripts/gpu-check} runs on a GPU machine (which has no Maven, no network and
 * no Java of its own: the script brings a jlink'd runtime and this jar): every {@code Kernels} method
 * on the GPU against the CPU kernels, a gradient check of an LSTM step, attention and a whole
 * language-model training step on the GPU against the CPU, and the GPU training-step benchmark.
 */
package dev.braid.worker.gpucheck;
