package dev.braid.worker.infer;

import java.util.Arrays;
import java.util.List;

/**
 * Word and symbol error rates of decoded sequences against one or more references each, as in the
 * G2P literature: a word is wrong unless its hypothesis equals one of its references; the symbol
 * (phoneme) error rate is the edit distance to the closest reference over that reference's length,
 * summed over words.
 */
public final class SequenceMetrics {
    private long words;
    private long wrongWords;
    private long edits;
    private long referenceSymbols;

    public void add(int[] hypothesis, List<int[]> references) {
        int best = Integer.MAX_VALUE;
        int bestLength = 0;
        boolean exact = false;
        for (int[] ref : references) {
            exact |= Arrays.equals(hypothesis, ref);
            int d = editDistance(hypothesis, ref);
            if (d < best || (d == best && ref.length > bestLength)) {
                best = d;
                bestLength = ref.length;
            }
        }
        words++;
        wrongWords += exact ? 0 : 1;
        edits += best;
        referenceSymbols += bestLength;
    }

    public long words() {
        return words;
    }

    public double wordErrorRate() {
        return words == 0 ? 0 : wrongWords / (double) words;
    }

    public double symbolErrorRate() {
        return referenceSymbols == 0 ? 0 : edits / (double) referenceSymbols;
    }

    /** Levenshtein distance (insertions, deletions, substitutions of cost 1). */
    public static int editDistance(int[] a, int[] b) {
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length; j++) {
                cur[j] = Math.min(prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }
}
