package dev.braid.worker.infer;

import java.util.ArrayList;
import java.util.List;

/**
 * Corpus BLEU and chrF of detokenised outputs with sacreBLEU's default settings (BLEU: 13a
 * tokenisation, exponential smoothing; chrF: 6 character orders, beta 2, whitespace removed, no eps
 * smoothing), so the figures compare with published ones.
 */
public record CorpusScores(double bleu, double chrf) {
    private static final int CHRF_ORDER = 6;
    private static final double CHRF_BETA = 2;

    /**
     * Scores {@code hypotheses} against {@code references} ({@code references.get(i)}: all references of
     * sentence i, at least one). Sentences with fewer references than the most repeat their first one,
     * which changes neither metric (n-gram counts are clipped by the maximum over references, the closest
     * length and the best chrF are unchanged).
     */
    public static CorpusScores of(List<String> hypotheses, List<List<String>> references) {
        int streams = references.stream().mapToInt(List::size).max().orElse(1);
        List<List<String>> byStream = new ArrayList<>();
        for (int k = 0; k < streams; k++) {
            List<String> stream = new ArrayList<>();
            for (List<String> refs : references) {
                stream.add(refs.get(k < refs.size() ? k : 0));
            }
            byStream.add(stream);
        }
        double bleu = Bleu.corpus(hypotheses, byStream, true).score();
        double chrf = ChrF.score(ChrF.corpus(hypotheses, byStream, CHRF_ORDER, CHRF_BETA, false, false), CHRF_BETA, false);
        return new CorpusScores(bleu, chrf);
    }
}
