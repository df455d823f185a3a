package dev.braid.worker.seq2seq;

import dev.braid.worker.kernel.Buf;

/**
 * What the decoder attends over: the encoder's top outputs {@code enc [Ts*B, encDim]} (time-major),
 * the attention keys computed from them once per batch, and every source row's length.
 */
public record EncoderMemory(Buf enc, Buf keys, int steps, int rows, int[] lengths) {
}
