package dev.braid.worker.infer;

import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.Buf;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.rnn.LayerState;
import dev.braid.worker.stack.AttentionSpec;
import dev.braid.worker.stack.AttentionUnit;
import dev.braid.worker.stack.LayerSpec;
import dev.braid.worker.stack.Memory;
import java.util.ArrayList;
import java.util.List;

/**
 * What an encoder-decoder attends to: a source decoded greedily, one step at a time, with the attention
 * weights over the source positions of every output token (the alignment a heat map shows).
 */
public final class Alignments {
    private Alignments() {
    }

    /** The greedy output of a source and, per output token ({@code </s>} included), its weights per source position. */
    public record Alignment(int[] source, int[] output, float[][] weights) {
    }

    /** Whether {@code model} has an attention layer (an encoder-decoder with attention). */
    public static boolean attends(StackModel model) {
        return attentionName(model) != null;
    }

    /** Decodes {@code source} (ids, length >= 1) greedily, at most {@code maxLength} tokens, with its alignment. */
    public static Alignment greedy(StackModel model, int[] source, int maxLength) {
        String name = attentionName(model);
        if (name == null) {
            throw new IllegalArgumentException("the model has no attention layer");
        }
        AttentionUnit attention = (AttentionUnit) model.unit(name);
        Batch.Sources src = Batch.Sources.of(List.of(source));
        Memory memory = model.encode(src.ids(), src.lengths(), src.steps(), 1);
        int[] row = {0};
        LayerState[] states = model.initialStates(row);
        int v = model.outputs();
        Buf logProbs = model.kernels().alloc(v);
        float[] p = new float[v];
        List<Integer> out = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        int prev = Vocabulary.BOS_ID;
        for (int t = 0; t < maxLength; t++) {
            model.step(memory, new int[] {prev}, states, row, logProbs);
            logProbs.read(0, p, 0, v);
            float[] w = new float[source.length];
            attention.weights().read(0, w, 0, source.length);
            weights.add(w);
            prev = argmax(p);
            out.add(prev);
            if (prev == Vocabulary.EOS_ID) {
                break;
            }
        }
        return new Alignment(source.clone(), out.stream().mapToInt(Integer::intValue).toArray(),
                weights.toArray(new float[0][]));
    }

    private static String attentionName(StackModel model) {
        for (LayerSpec l : model.spec().stack()) {
            if (l instanceof AttentionSpec a) {
                return a.name();
            }
        }
        return null;
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
