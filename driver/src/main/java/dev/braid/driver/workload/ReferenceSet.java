package dev.braid.driver.workload;

import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.Seq2SeqConfig;
import dev.braid.driver.data.ParallelCorpus;
import dev.braid.worker.data.SequenceEncoder;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.CorpusScores;
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
     * Word and symbol error rates, corpus BLEU and chrF of the model's best hypotheses: sources read by
     * {@code source} (an empty one as one unknown symbol; an overlong one truncated, whatever training did),
     * references by {@code target}, decoded by {@code decode}; BLEU and chrF compare the detokenised output
     * with the references as written. {@code selectBy} is what {@link Scores#betterThan} compares.
     */
    public Scores score(StackModel model, SequenceEncoder source, SequenceEncoder target, DecodeOptions decode,
                        Seq2SeqConfig.Metric selectBy) {
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
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            List<int[]> refs = new ArrayList<>();
            for (String r : references.get(i)) {
                refs.add(target.tokens().encode(target.vocabulary(), r));
            }
            int[] best = hyps.get(i).get(0).tokens();
            metrics.add(best, refs);
            texts.add(target.tokens().decode(target.vocabulary(), best));
        }
        CorpusScores corpus = CorpusScores.of(texts, references);
        return new Scores(name, decode.beam(), sources.size(), metrics.wordErrorRate(), metrics.symbolErrorRate(),
                corpus.bleu(), corpus.chrf(), selectBy, (System.nanoTime() - t0) / 1e9);
    }

    /** Error rates and corpus scores of one evaluation, and the one that selects. */
    public record Scores(String set, int beam, int words, double wer, double per, double bleu, double chrf,
                         Seq2SeqConfig.Metric selectBy, double seconds) {
        @Override public String toString() {
            if (selectBy == Seq2SeqConfig.Metric.WER) {
                return String.format(java.util.Locale.ROOT, "%s (%,d words, beam %d): WER %.2f%%, PER %.2f%%", set, words,
                        beam, 100 * wer, 100 * per);
            }
            return String.format(java.util.Locale.ROOT, "%s (%,d sentences, beam %d): BLEU %.2f, chrF %.2f, exact %.2f%%, "
                    + "token edits %.2f%%", set, words, beam, bleu, chrf, 100 * (1 - wer), 100 * per);
        }

        /** Better by {@code selectBy}: lower word error rate then symbol error rate; higher BLEU or chrF then the other. */
        public boolean betterThan(Scores o) {
            if (o == null) {
                return true;
            }
            return switch (selectBy) {
                case WER -> wer < o.wer || (wer == o.wer && per < o.per);
                case BLEU -> bleu > o.bleu || (bleu == o.bleu && chrf > o.chrf);
                case CHRF -> chrf > o.chrf || (chrf == o.chrf && bleu > o.bleu);
            };
        }

        /** The selecting figure as a held-out figure, lower better: WER, or 100 minus BLEU or chrF. */
        public double lowerIsBetter() {
            return switch (selectBy) {
                case WER -> wer;
                case BLEU -> 100 - bleu;
                case CHRF -> 100 - chrf;
            };
        }

        /** The unit of {@link #lowerIsBetter}. */
        public String unit() {
            return switch (selectBy) {
                case WER -> "WER";
                case BLEU -> "100 - BLEU";
                case CHRF -> "100 - chrF";
            };
        }
    }
}
