package dev.braid.bench;

import dev.braid.worker.model.Batch;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.seq2seq.AttentionType;
import dev.braid.worker.stack.SoftmaxSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An encoder-decoder training step's shape: the model (bidirectional 2-layer LSTM encoder, 2-layer LSTM
 * decoder bridged from it, Luong attention, dropout 0.1, label smoothing 0.1) and one batch of
 * {@code rows} random pairs whose lengths are drawn uniformly from the ranges. {@link #G2P} is
 * {@code conf/g2p-cmudict.conf}'s model on 128 words (about its 1,200-token budget); {@link #TRANSLATION}
 * is {@code conf/translation-en-es.conf}'s on 48 sentence pairs of 25-34 / 26-30 subwords (a
 * length-bucketed batch of its 1,500-token budget, 8,000 joint merges giving ~8,200 subwords a side).
 * Braid's {@link StepTimer} and {@code bench/pytorch_seq2seq.py} build the same step from it.
 */
record Seq2SeqCase(String name, int sourceVocabulary, int targetVocabulary, int embedding, int hidden, int rows,
                   int sourceMin, int sourceMax, int targetMin, int targetMax, int shortlist, boolean tied) {
    static final Seq2SeqCase G2P = new Seq2SeqCase("g2p-s2s-b128", 32, 44, 128, 256, 128, 4, 9, 4, 9, 0, false);
    static final Seq2SeqCase TRANSLATION = new Seq2SeqCase("mt-s2s-b48", 8200, 8200, 256, 256, 48, 25, 34, 26, 30, 0,
            false);
    /** The models PyTorch runs too. */
    static final List<Seq2SeqCase> ALL = List.of(G2P, TRANSLATION);
    /**
     * The translation step with its softmax trained on a shortlist of the 1,000 most frequent subwords and
     * the batch's targets. Its targets are drawn uniformly, so the batch lists ~1,150 more (a real batch
     * of Zipf-distributed subwords lists far fewer): a lower bound on what the shortlist saves.
     */
    static final Seq2SeqCase TRANSLATION_SHORTLIST = new Seq2SeqCase("mt-s2s-b48-shortlist1000", 8200, 8200, 256, 256,
            48, 25, 34, 26, 30, 1000, false);
    /** The shortlisted step with the softmax tied to the target embedding ({@code seq2seq.tieEmbeddings}). */
    static final Seq2SeqCase TRANSLATION_TIED = new Seq2SeqCase("mt-s2s-b48-shortlist1000-tied", 8200, 8200, 256, 256,
            48, 25, 34, 26, 30, 1000, true);

    /** The case named {@code name}, of {@link #ALL}, the shortlisted or the tied one. */
    static Seq2SeqCase named(String name) {
        return java.util.stream.Stream.concat(ALL.stream(), java.util.stream.Stream.of(TRANSLATION_SHORTLIST,
                        TRANSLATION_TIED))
                .filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no seq2seq case " + name));
    }

    /** The model as Braid trains it: {@link #spec}'s stack, its softmax on the shortlist and tied when it says so. */
    ModelSpec stack() {
        ModelSpec m = spec().stack();
        return shortlist == 0 && !tied ? m : m.withHead(new SoftmaxSpec("out", targetVocabulary, 0.1, null, shortlist,
                tied ? "tgt" : ""));
    }

    Seq2SeqSpec spec() {
        return new Seq2SeqSpec(sourceVocabulary, targetVocabulary, embedding, CellType.LSTM, hidden, 2, 2, true,
                AttentionType.LUONG, 0.1, 0.1, false);
    }

    /** The pairs (sources, then targets), the same for every build and for PyTorch's script. */
    List<List<int[]>> pairs() {
        SplittableRandom rng = new SplittableRandom(4);
        List<int[]> src = new ArrayList<>();
        List<int[]> tgt = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            src.add(rng.ints(sourceMin + rng.nextInt(sourceMax - sourceMin + 1), 4, sourceVocabulary).toArray());
            tgt.add(rng.ints(targetMin + rng.nextInt(targetMax - targetMin + 1), 4, targetVocabulary).toArray());
        }
        return List.of(src, tgt);
    }

    Batch batch() {
        List<List<int[]>> p = pairs();
        return Batch.pairs(p.get(0), p.get(1));
    }

    /** Target tokens one step predicts: each target and its end-of-sequence mark. */
    int targetTokens() {
        return pairs().get(1).stream().mapToInt(t -> t.length + 1).sum();
    }

    int sourceTokens() {
        return pairs().get(0).stream().mapToInt(t -> t.length).sum();
    }
}
