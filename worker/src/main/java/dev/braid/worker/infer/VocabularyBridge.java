package dev.braid.worker.infer;

import dev.braid.worker.data.Vocabulary;

/**
 * Carries a second character model's next-token distributions into the vocabulary of the model being
 * evaluated, so the two can be mixed although each built its own vocabulary from its own training
 * text. A symbol both hold takes the second model's probability; the symbols only the evaluated
 * vocabulary holds share the second model's {@code <unk>} probability evenly; what the second model
 * gives to symbols the evaluated vocabulary lacks is dropped, and each row is renormalised.
 */
public final class VocabularyBridge {
    private final int targetSize;
    private final int sourceSize;
    /** Per target id, the source id carrying its probability. */
    private final int[] source;
    /** Per target id, the share of that source id's probability it takes (1, or 1/n of {@code <unk>}). */
    private final float[] share;

    public VocabularyBridge(Vocabulary target, Vocabulary from) {
        this.targetSize = target.size();
        this.sourceSize = from.size();
        this.source = new int[targetSize];
        this.share = new float[targetSize];
        int missing = 0;
        for (int id = 0; id < targetSize; id++) {
            source[id] = id < Vocabulary.SPECIALS.size() ? id : from.id(target.symbol(id));
            if (id >= Vocabulary.SPECIALS.size() && source[id] == Vocabulary.UNK_ID) {
                missing++;
            }
        }
        for (int id = 0; id < targetSize; id++) {
            boolean sharesUnk = source[id] == Vocabulary.UNK_ID;
            share[id] = sharesUnk ? 1f / (missing + 1) : 1f;
        }
    }

    /** Tokens of the source vocabulary for the target's ids (symbols it lacks become {@code <unk>}). */
    public int[] sourceIds(int[] targetIds) {
        int[] ids = new int[targetIds.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = source[targetIds[i]];
        }
        return ids;
    }

    /** {@code rows} distributions over the source vocabulary as distributions over the target's. */
    public float[] carry(float[] distributions, int rows) {
        if (distributions.length < rows * sourceSize) {
            throw new IllegalArgumentException(distributions.length + " values are fewer than " + rows + " rows of "
                    + sourceSize);
        }
        float[] out = new float[rows * targetSize];
        for (int r = 0; r < rows; r++) {
            int in = r * sourceSize;
            int o = r * targetSize;
            double sum = 0;
            for (int id = 0; id < targetSize; id++) {
                float p = distributions[in + source[id]] * share[id];
                out[o + id] = p;
                sum += p;
            }
            float scale = (float) (1 / Math.max(sum, Double.MIN_NORMAL));
            for (int id = 0; id < targetSize; id++) {
                out[o + id] *= scale;
            }
        }
        return out;
    }
}
