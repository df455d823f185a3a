package dev.braid.worker.infer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU as sacreBLEU computes it by default (Papineni et al. 2002; Post 2018): 13a tokenisation
 * (or whitespace only), clipped n-gram matches up to 4-grams against every reference, the closest
 * reference length for the brevity penalty (the shorter one on a tie), statistics summed over the corpus,
 * and the "exp" smoothing of mteval for orders without a match ({@code 1 / (2^k * total)} for the k-th
 * such order). Scores are 0..100.
 */
public final class Bleu {
    private static final int ORDER = 4;

    private Bleu() {
    }

    /** Summed statistics: matches and totals per order, hypothesis and reference lengths. */
    public record Stats(long[] matches, long[] totals, long hypothesisLength, long referenceLength) {
        /** The score of these statistics, 0..100. */
        public double score() {
            if (hypothesisLength == 0) {
                return 0;
            }
            double smooth = 1;
            double logSum = 0;
            for (int n = 0; n < ORDER; n++) {
                double p;
                if (totals[n] == 0) {
                    return 0;
                } else if (matches[n] == 0) {
                    smooth *= 2;
                    p = 1 / (smooth * totals[n]);
                } else {
                    p = matches[n] / (double) totals[n];
                }
                logSum += Math.log(p);
            }
            double bp = hypothesisLength >= referenceLength ? 1 : Math.exp(1 - referenceLength / (double) hypothesisLength);
            return 100 * bp * Math.exp(logSum / ORDER);
        }
    }

    /**
     * BLEU of {@code hypotheses} against {@code references}: {@code references.get(k).get(i)} is the k-th
     * reference of sentence i (sacreBLEU's reference streams). {@code tokenize13a} false: whitespace only.
     */
    public static Stats corpus(List<String> hypotheses, List<List<String>> references, boolean tokenize13a) {
        long[] matches = new long[ORDER];
        long[] totals = new long[ORDER];
        long hypLength = 0;
        long refLength = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            String[] hyp = tokens(hypotheses.get(i), tokenize13a);
            Map<String, Integer> maxRef = new HashMap<>();
            int closest = -1;
            for (List<String> stream : references) {
                String[] ref = tokens(stream.get(i), tokenize13a);
                int diff = Math.abs(hyp.length - ref.length);
                if (closest < 0 || diff < Math.abs(hyp.length - closest) || (diff == Math.abs(hyp.length - closest)
                        && ref.length < closest)) {
                    closest = ref.length;
                }
                ngrams(ref).forEach((g, c) -> maxRef.merge(g, c, Math::max));
            }
            for (Map.Entry<String, Integer> e : ngrams(hyp).entrySet()) {
                int n = order(e.getKey());
                matches[n] += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
            }
            for (int n = 0; n < ORDER; n++) {
                totals[n] += Math.max(0, hyp.length - n);
            }
            hypLength += hyp.length;
            refLength += Math.max(0, closest);
        }
        return new Stats(matches, totals, hypLength, refLength);
    }

    private static String[] tokens(String line, boolean tokenize13a) {
        String t = (tokenize13a ? Tokenizer13a.tokenize(line) : line).trim();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }

    /** Counts of every n-gram of orders 1..4, keyed by its tokens joined with a separator no token holds. */
    private static Map<String, Integer> ngrams(String[] tokens) {
        Map<String, Integer> out = new HashMap<>();
        for (int n = 1; n <= ORDER; n++) {
            for (int i = 0; i + n <= tokens.length; i++) {
                out.merge(String.join("\u0001", java.util.Arrays.copyOfRange(tokens, i, i + n)), 1, Integer::sum);
            }
        }
        return out;
    }

    private static int order(String ngram) {
        int n = 0;
        for (int i = 0; i < ngram.length(); i++) {
            n += ngram.charAt(i) == '\u0001' ? 1 : 0;
        }
        return n;
    }
}
