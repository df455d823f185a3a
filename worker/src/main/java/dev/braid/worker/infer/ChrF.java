package dev.braid.worker.infer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Character n-gram F-score, chrF (Popović 2015), as sacreBLEU 2 computes it: character n-grams of
 * orders 1..6 of each sentence with its whitespace removed (or kept), matches clipped per n-gram,
 * statistics summed over the corpus (per sentence the reference with the best score), then F-beta of the
 * precisions and recalls averaged over the orders that occur; with {@code epsSmoothing}, the average of
 * each order's F-beta, an order without n-grams counting a tiny epsilon (chrF++.py's smoothing).
 * Scores are 0..100.
 */
public final class ChrF {
    private static final double EPS = 1e-16;

    private ChrF() {
    }

    /** The score of summed statistics {@code [hyp, ref, match]} per order. */
    public static double score(long[][] stats, double beta, boolean epsSmoothing) {
        double factor = beta * beta;
        double sum = 0;
        double avgPrec = 0;
        double avgRec = 0;
        int effective = 0;
        for (long[] s : stats) {
            double prec = s[0] > 0 ? s[2] / (double) s[0] : EPS;
            double rec = s[1] > 0 ? s[2] / (double) s[1] : EPS;
            double denom = factor * prec + rec;
            sum += denom > 0 ? (1 + factor) * prec * rec / denom : EPS;
            if (s[0] > 0 && s[1] > 0) {
                avgPrec += prec;
                avgRec += rec;
                effective++;
            }
        }
        if (epsSmoothing) {
            return 100 * sum / stats.length;
        }
        if (effective == 0) {
            return 0;
        }
        avgPrec /= effective;
        avgRec /= effective;
        return avgPrec + avgRec > 0 ? 100 * (1 + factor) * avgPrec * avgRec / (factor * avgPrec + avgRec) : 0;
    }

    /**
     * The summed statistics of {@code hypotheses} against {@code references} (k-th reference of sentence i
     * at {@code references.get(k).get(i)}), {@code order} character orders.
     */
    public static long[][] corpus(List<String> hypotheses, List<List<String>> references, int order, double beta,
                                  boolean keepWhitespace, boolean epsSmoothing) {
        long[][] total = new long[order][3];
        for (int i = 0; i < hypotheses.size(); i++) {
            List<Map<String, Integer>> hyp = ngrams(hypotheses.get(i), order, keepWhitespace);
            long[][] best = null;
            double bestScore = -1;
            for (List<String> stream : references) {
                List<Map<String, Integer>> ref = ngrams(stream.get(i), order, keepWhitespace);
                long[][] stats = new long[order][3];
                for (int n = 0; n < order; n++) {
                    stats[n] = match(hyp.get(n), ref.get(n));
                }
                double f = score(stats, beta, epsSmoothing);
                if (f > bestScore) {
                    bestScore = f;
                    best = stats;
                }
            }
            for (int n = 0; n < order; n++) {
                for (int j = 0; j < 3; j++) {
                    total[n][j] += best[n][j];
                }
            }
        }
        return total;
    }

    private static long[] match(Map<String, Integer> hyp, Map<String, Integer> ref) {
        long matches = 0;
        for (Map.Entry<String, Integer> e : hyp.entrySet()) {
            matches += Math.min(e.getValue(), ref.getOrDefault(e.getKey(), 0));
        }
        return new long[] {count(hyp), count(ref), matches};
    }

    private static long count(Map<String, Integer> grams) {
        long n = 0;
        for (int c : grams.values()) {
            n += c;
        }
        return n;
    }

    private static List<Map<String, Integer>> ngrams(String line, int order, boolean keepWhitespace) {
        String s = keepWhitespace ? line : line.replaceAll("\\s+", "");
        int[] cps = s.codePoints().toArray();
        List<Map<String, Integer>> out = new java.util.ArrayList<>();
        for (int n = 1; n <= order; n++) {
            Map<String, Integer> m = new HashMap<>();
            for (int i = 0; i + n <= cps.length; i++) {
                m.merge(new String(cps, i, n), 1, Integer::sum);
            }
            out.add(m);
        }
        return out;
    }
}
