package dev.braid.driver.workload;

import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.data.ParallelCorpus;
import dev.braid.worker.data.SequenceEncoder;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.DecodeOptions;
import dev.braid.worker.infer.Hypothesis;
import dev.braid.worker.infer.SequenceMetrics;
import dev.braid.worker.infer.Translator;
import dev.braid.worker.model.StackModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * An evaluation set: each distinct source with all its references (CMUdict's alternate
 * pronunciations), in file order. Evaluation sets are small enough to hold on the driver.
 */
public record ReferenceSet(String name, List<String> sources, List<List<String>> references) {

    public static ReferenceSet read(JavaSparkContext sc, BraidConfig cfg, String path, ParallelCorpus.Role role) {
        return of(role.name().toLowerCase(java.util.Locale.ROOT), ParallelCorpus.read(sc, path, cfg.data(), role,
                cfg.training().workers(), null).collect());
    }

    /** The distinct sources of {@code pairs} in line order, each with all its targets. */
    public static ReferenceSet of(String name, List<ParallelCorpus.Pair> unordered) {
        List<ParallelCorpus.Pair> pairs = new ArrayList<>(unordered);
        pairs.sort((a, b) -> Long.compare(a.id(), b.id()));
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (ParallelCorpus.Pair p : pairs) {
            grouped.computeIfAbsent(p.source(), s -> new ArrayList<>()).add(p.target());
        }
        return new ReferenceSet(name, new ArrayList<>(grouped.keySet()), new ArrayList<>(grouped.values()));
    }

    public int size() {
        return sources.size();
    }

    /**
     * Word and symbol error rates of the model's best hypotheses: sources read by {@code source} (an empty
     * one as one unknown symbol; an overlong one truncated, whatever training did), references by
     * {@code target}, decoded by {@code decode}.
     */
    public Scores score(StackModel model, SequenceEncoder source, SequenceEncoder target, DecodeOptions decode) {
        long t0 = System.nanoTime();
        SequenceEncoder truncating = new SequenceEncoder(source.vocabulary(), source.tokens(), source.maxLength(), true,
                source.upperCase());
        List<int[]> encoded = new ArrayList<>();
        for (String s : sources) {
            SequenceEncoder.Encoded e = truncating.encode(s);
            encoded.add(e.status() == SequenceEncoder.Status.EMPTY ? new int[] {Vocabulary.UNK_ID} : e.ids());
        }
        List<List<Hypothesis>> hyps = new Translator(model, decode).translate(encoded);
        SequenceMetrics metrics = new SequenceMetrics();
        for (int i = 0; i < sources.size(); i++) {
            List<int[]> refs = new ArrayList<>();
            for (String r : references.get(i)) {
                refs.add(target.tokens().encode(target.vocabulary(), r));
            }
            metrics.add(hyps.get(i).get(0).tokens(), refs);
        }
        return new Scores(name, decode.beam(), sources.size(), metrics.wordErrorRate(), metrics.symbolErrorRate(),
                (System.nanoTime() - t0) / 1e9);
    }

    /** Error rates of one evaluation. */
    public record Scores(String set, int beam, int words, double wer, double per, double seconds) {
        @Override public String toString() {
            return String.format(java.util.Locale.ROOT, "%s (%,d words, beam %d): WER %.2f%%, PER %.2f%%", set, words, beam,
                    100 * wer, 100 * per);
        }

        /** Better: lower word error rate, then lower symbol error rate. */
        public boolean betterThan(Scores o) {
            return o == null || wer < o.wer || (wer == o.wer && per < o.per);
        }
    }
}
