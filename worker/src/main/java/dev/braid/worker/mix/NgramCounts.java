package dev.braid.worker.mix;

import java.util.Arrays;

/**
 * Which tokens followed each context, for contexts of several lengths at once, in flat arrays: an
 * open-addressing table keyed by a 64-bit hash of (length, context) holds each context's total and
 * number of distinct followers, the token that followed it last and the head of its list of (token,
 * count) entries. A corpus of ten
 * million characters counted at eight lengths makes tens of millions of entries, which object-per-context
 * maps would hold in several times the memory. Two contexts whose 64-bit hashes collide share counts;
 * at these sizes that happens with probability below 1e-5.
 */
final class NgramCounts {
    private static final int NONE = -1;
    private long[] keys;
    private int[] head;
    private int[] total;
    private int[] distinct;
    private int[] last;
    private int contexts;
    private int[] token;
    private int[] count;
    private int[] next;
    private int entries;

    NgramCounts() {
        allocateTable(1 << 16);
        token = new int[1 << 16];
        count = new int[1 << 16];
        next = new int[1 << 16];
    }

    /** The slot of a context, or -1 if it was never seen. */
    int find(long key) {
        int mask = keys.length - 1;
        for (int i = (int) key & mask; ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return i;
            }
            if (keys[i] == 0) {
                return NONE;
            }
        }
    }

    /** Counts one more {@code tok} after the context {@code key} (a non-zero hash). */
    void add(long key, int tok) {
        int slot = slotOf(key);
        total[slot]++;
        last[slot] = tok;
        for (int e = head[slot]; e != NONE; e = next[e]) {
            if (token[e] == tok) {
                count[e]++;
                return;
            }
        }
        if (entries == token.length) {
            int n = token.length * 2;
            token = Arrays.copyOf(token, n);
            count = Arrays.copyOf(count, n);
            next = Arrays.copyOf(next, n);
        }
        token[entries] = tok;
        count[entries] = 1;
        next[entries] = head[slot];
        head[slot] = entries++;
        distinct[slot]++;
    }

    int total(int slot) {
        return total[slot];
    }

    /** The token that followed the context most recently. */
    int last(int slot) {
        return last[slot];
    }

    int distinct(int slot) {
        return distinct[slot];
    }

    /** First entry of a context's list; then {@link #nextEntry} until -1. */
    int firstEntry(int slot) {
        return head[slot];
    }

    int nextEntry(int entry) {
        return next[entry];
    }

    int token(int entry) {
        return token[entry];
    }

    int count(int entry) {
        return count[entry];
    }

    int contexts() {
        return contexts;
    }

    private int slotOf(long key) {
        if (contexts * 10L >= keys.length * 6L) {
            grow();
        }
        int mask = keys.length - 1;
        int i = (int) key & mask;
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            keys[i] = key;
            head[i] = NONE;
            contexts++;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldHead = head;
        int[] oldTotal = total;
        int[] oldDistinct = distinct;
        int[] oldLast = last;
        allocateTable(oldKeys.length * 2);
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != 0) {
                int i = (int) oldKeys[j] & mask;
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                head[i] = oldHead[j];
                total[i] = oldTotal[j];
                distinct[i] = oldDistinct[j];
                last[i] = oldLast[j];
            }
        }
    }

    private void allocateTable(int capacity) {
        keys = new long[capacity];
        head = new int[capacity];
        total = new int[capacity];
        distinct = new int[capacity];
        last = new int[capacity];
    }
}
