/**
 * Models as stacks of layers. A {@link dev.braid.worker.stack.LayerSpec} describes one placement unit
 * (its parameters are {@code <name>.*} in the model's one flat buffer); built, it is a
 * {@link dev.braid.worker.stack.Layer} that works on whole segments ({@code [T*B, F]} time-major, with
 * each row's length where rows are padded) and takes and returns its carried state. A
 * {@link dev.braid.worker.stack.HeadSpec} turns the last layer's output into a loss. A model is one
 * stack and a head, or an encoder stack whose top output becomes the <em>memory</em> that decoder
 * layers read (attention, an initial state bridged from it); composite layers (bidirectional) hold
 * their own branches, so placement still sees an ordered list of named units.
 *
 * <p>Speed is kept by working on segments: a recurrent layer is one input-projection GEMM, a per-step
 * recurrent GEMM with one fused gate kernel, and three GEMMs after its backward loop; the softmax head
 * fuses its projection with its loss.
 */
package dev.braid.worker.stack;
