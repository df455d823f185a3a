package dev.braid.worker.stack;

import dev.braid.worker.seq2seq.AttentionType;

/**
 * Global attention of each step over the encoder's memory ({@code luong}: {@code h^T W e};
 * {@code bahdanau}: {@code v^T tanh(W_q h + W_k e)}), combined into {@code tanh(W_c [context; h] + b_c)}
 * of the input's width.
 */
public record AttentionSpec(String name, AttentionType score) implements LayerSpec {

    @Override public Layer build(BuildContext at) {
        at.needsMemory(name, "attends over");
        return new AttentionUnit(this, at);
    }
}
