package dev.braid.worker.infer;

import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.model.Seq2SeqModel;
import dev.braid.worker.seq2seq.EncoderMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes sources with a trained encoder-decoder, in batches of up to {@code batchSize} sources: greedy
 * when {@code beam = 1}, else beam search. The output of each source is at most
 * {@code maxLengthRatio * sourceLength + 5} tokens.
 */
public final class Translator {
    private final Seq2SeqModel model;
    private final int beam;
    private final int nbest;
    private final double alpha;
    private final double maxLengthRatio;
    private final int batchSize;

    public Translator(Seq2SeqModel model, int beam, int nbest, double alpha, double maxLengthRatio, int batchSize) {
        if (beam < 1 || nbest < 1 || nbest > beam) {
            throw new IllegalArgumentException("beam " + beam + " and nbest " + nbest + ": need 1 <= nbest <= beam");
        }
        this.model = model;
        this.beam = beam;
        this.nbest = nbest;
        this.alpha = alpha;
        this.maxLengthRatio = maxLengthRatio;
        this.batchSize = batchSize;
    }

    /** The n-best lists of {@code sources} (token ids, each of length >= 1), in order. */
    public List<List<Hypothesis>> translate(List<int[]> sources) {
        List<List<Hypothesis>> out = new ArrayList<>();
        for (int from = 0; from < sources.size(); from += batchSize) {
            out.addAll(translateBatch(sources.subList(from, Math.min(sources.size(), from + batchSize))));
        }
        return out;
    }

    private List<List<Hypothesis>> translateBatch(List<int[]> batch) {
        int rows = batch.size();
        int steps = 0;
        for (int[] s : batch) {
            steps = Math.max(steps, s.length);
        }
        int[] src = new int[steps * rows];
        int[] lengths = new int[rows];
        int[] maxLength = new int[rows];
        for (int b = 0; b < rows; b++) {
            int[] s = batch.get(b);
            lengths[b] = s.length;
            maxLength[b] = (int) Math.ceil(maxLengthRatio * s.length) + 5;
            for (int t = 0; t < s.length; t++) {
                src[t * rows + b] = s[t];
            }
        }
        EncoderMemory memory = model.encode(src, lengths, steps, rows, false, null);
        StepScorer scorer = new Seq2SeqScorer(model, memory);
        if (beam == 1) {
            List<List<Hypothesis>> out = new ArrayList<>();
            for (Hypothesis h : BeamSearch.greedy(scorer, rows, maxLength, Vocabulary.BOS_ID, Vocabulary.EOS_ID)) {
                out.add(List.of(h));
            }
            return out;
        }
        return BeamSearch.search(scorer, rows, beam, nbest, maxLength, alpha, Vocabulary.BOS_ID, Vocabulary.EOS_ID);
    }
}
