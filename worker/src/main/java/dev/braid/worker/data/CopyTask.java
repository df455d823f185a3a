package dev.braid.worker.data;

import dev.braid.worker.random.Seeds;
import java.util.SplittableRandom;

/**
 * A synthetic stream (for tests and sanity checks) that only a carried state can predict: a key symbol, a run of fillers of random
 * length, a query symbol, then the key again. Ids: 4..7 keys, 8 filler, 9 query (0..3 are the
 * vocabulary's specials). The token after a query is a dependent position; its distance is the number
 * of steps from the key.
 */
public final class CopyTask {
    public static final int VOCAB = 10;
    public static final int FILLER = 8;
    public static final int QUERY = 9;

    private CopyTask() {
    }

    /** A stream of about {@code length} tokens with filler runs of 1..maxGap. */
    public static int[] stream(int length, int maxGap, long seed) {
        SplittableRandom rng = Seeds.syntheticData(seed);
        int[] out = new int[length];
        int i = 0;
        int key = 4 + rng.nextInt(4);
        out[i++] = key;
        while (i < length) {
            int gap = 1 + rng.nextInt(maxGap);
            for (int g = 0; g < gap && i < length; g++) {
                out[i++] = FILLER;
            }
            if (i < length) {
                out[i++] = QUERY;
            }
            if (i < length) {
                out[i++] = key;
            }
            key = 4 + rng.nextInt(4);
            if (i < length) {
                out[i++] = key;
            }
        }
        return out;
    }

    /** Distance from position {@code p} (a dependent position) back to its key, or -1 if p is not dependent. */
    public static int distance(int[] stream, int p) {
        if (p == 0 || stream[p - 1] != QUERY) {
            return -1;
        }
        int q = p - 2;
        while (q >= 0 && stream[q] == FILLER) {
            q--;
        }
        return q >= 0 ? p - q : -1;
    }
}
