package dev.braid.worker.mix;

import java.util.Arrays;

/**
 * A table of counts read as a chain of distributions, each context blended PPM-style onto the one
 * below it: {@code q_k(c) = (n(c) + u q_{k-1}(c)) / (n + u)}, where the context was followed n times by
 * u distinct tokens, n(c) times by c (escape method C: no parameter to tune). A context never seen
 * passes the distribution below it on unchanged.
 */
final class BlendedCounts {
    /** Unseen / seen with several followers / one follower once or twice / one follower three times or more. */
    static final int CONFIDENCE_LEVELS = 3;
    private final NgramCounts counts = new NgramCounts();
    private int[] lastFollowers = new int[0];
    private int agreement;

    /**
     * Blends {@code q} (holding the distribution to start from) through the contexts {@code keys} in
     * order, writing the log of each step's distribution (floored) to {@code logs[offset + j]}, and to
     * {@code logs[offset + keys.length + j]} an indicator of the token that followed context j last (1
     * there, 0 elsewhere; all 0 if the context was never seen): counts say what usually follows, the
     * indicator what followed most recently, and a mixer learns when recency wins. Returns what the
     * longest context seen says of its trustworthiness: {@code longest * CONFIDENCE_LEVELS + level},
     * {@code longest} counting the keys up to and including it.
     */
    int blend(long[] keys, double[] q, double[][] logs, int offset, double floor) {
        int vocab = q.length;
        if (lastFollowers.length < keys.length) {
            lastFollowers = new int[keys.length];
        }
        int longest = 0;
        int confidence = 0;
        for (int j = 0; j < keys.length; j++) {
            int slot = keys[j] == 0 ? -1 : counts.find(keys[j]);
            if (slot >= 0) {
                double n = counts.total(slot);
                double u = counts.distinct(slot);
                double scale = u / (n + u);
                for (int c = 0; c < vocab; c++) {
                    q[c] *= scale;
                }
                for (int e = counts.firstEntry(slot); e >= 0; e = counts.nextEntry(e)) {
                    q[counts.token(e)] += counts.count(e) / (n + u);
                }
                longest = j + 1;
                confidence = u > 1 ? 0 : n < 3 ? 1 : 2;
            }
            double[] l = logs[offset + j];
            for (int c = 0; c < vocab; c++) {
                l[c] = Math.log(Math.max(q[c], floor));
            }
            double[] follower = logs[offset + keys.length + j];
            Arrays.fill(follower, 0);
            lastFollowers[j] = slot >= 0 ? counts.last(slot) : -1;
            if (slot >= 0) {
                follower[lastFollowers[j]] = 1;
            }
        }
        agreement = 0;
        for (int j = 0; j < longest; j++) {
            agreement += lastFollowers[j] == lastFollowers[longest - 1] ? 1 : 0;
        }
        return longest * CONFIDENCE_LEVELS + confidence;
    }

    /**
     * Of the contexts the last {@link #blend} found, up to its longest, how many were last followed by
     * the token that last followed the longest (0 if none was found): many agreeing means the text is
     * repeating a passage.
     */
    int agreement() {
        return agreement;
    }

    /** Counts {@code token} after each context up to the first key that is 0. */
    void add(long[] keys, int token) {
        for (int j = 0; j < keys.length && keys[j] != 0; j++) {
            counts.add(keys[j], token);
        }
    }

    int contexts() {
        return counts.contexts();
    }
}
