/**
 * Model-parallel placement: a model split by layers into stages, each stage a thread bound to one
 * device with kernels of its own, micro-batches (or time chunks) flowing forward and gradients
 * backward between neighbouring stages through bounded queues.
 *
 * <p>{@link dev.braid.worker.pipeline.Placement} is the configured split, {@link
 * dev.braid.worker.pipeline.Schedule} the order in which each stage runs its forward and backward
 * passes (GPipe, 1F1B, and the RNN-native wavefront over time chunks), and {@link
 * dev.braid.worker.pipeline.PipelineRunner} the threads and queues that run one minibatch. What a
 * stage computes ({@link dev.braid.worker.pipeline.StageWork}) belongs to the model it splits: see
 * {@code dev.braid.worker.model.PipelinedModel} and {@code PipelinedModel}. The
 * gradients of all micro-batches accumulate before the one optimizer step of the training loop, so a
 * pipelined step is the unsplit model's step.
 */
package dev.braid.worker.pipeline;
