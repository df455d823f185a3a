package dev.braid.worker.infer;

import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.stack.Memory;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes sources with a trained encoder-decoder, in batches of up to {@code batchSize} sources: greedy
 * when {@code beam = 1}, else beam search. The output of each source is at most
 * {@code maxLengthRatio * sourceLength + 5} tokens.
 */
public final class Translator {
    private final StackModel model;
    private final DecodeOptions options;

    public Translator(StackModel model, DecodeOptions options) {
        this.model = model;
        this.options = options;
    }

    /** The n-best lists of {@code sources} (token ids, each of length >= 1), in order. */
    public List<List<Hypothesis>> translate(List<int[]> sources) {
        List<List<Hypothesis>> out = new ArrayList<>();
        for (int from = 0; from < sources.size(); from += options.batchSize()) {
            out.addAll(translateBatch(sources.subList(from, Math.min(sources.size(), from + options.batchSize()))));
        }
        return out;
    }

    private List<List<Hypothesis>> translateBatch(List<int[]> batch) {
        Batch.Sources src = Batch.Sources.of(batch);
        int rows = src.rows();
        int[] maxLength = new int[rows];
        for (int b = 0; b < rows; b++) {
            maxLength[b] = (int) Math.ceil(options.maxLengthRatio() * src.lengths()[b]) + 5;
        }
        Memory memory = model.encode(src.ids(), src.lengths(), src.steps(), rows);
        StepScorer scorer = new Seq2SeqScorer(model, memory);
        if (options.beam() == 1) {
            List<List<Hypothesis>> out = new ArrayList<>();
            for (Hypothesis h : BeamSearch.greedy(scorer, rows, maxLength, Vocabulary.BOS_ID, Vocabulary.EOS_ID)) {
                out.add(List.of(h));
            }
            return out;
        }
        return BeamSearch.search(scorer, rows, options.beam(), options.nbest(), maxLength, options.lengthPenalty(),
                Vocabulary.BOS_ID, Vocabulary.EOS_ID);
    }
}
