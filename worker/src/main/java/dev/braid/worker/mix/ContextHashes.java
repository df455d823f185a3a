package dev.braid.worker.mix;

/**
 * The hashed contexts the n-gram models look up before each token: the last k tokens for every order
 * k, and five word contexts — the word read so far alone, with the word before it, with the two words
 * before it, with the word two back (skipping the one between), and with the characters that separate
 * it from the word before (". " starts a sentence, ", " continues a clause). Words are runs of letters,
 * case-folded; the contexts predict how a familiar phrase goes on even where the characters before it
 * differ. A key of 0 means "not enough text read yet".
 */
final class ContextHashes {
    static final int WORD_CONTEXTS = 5;
    private final int[] orders;
    private final int[] wordSymbol;
    private final int[] recent;
    private long read;
    private long word;
    private long previousWord;
    private long wordBefore;
    /** The separator characters before the current word, and those read since the last word ended. */
    private long separator;
    private long pendingSeparator;
    final long[] orderKeys;
    final long[] wordKeys = new long[WORD_CONTEXTS];

    /** {@code wordSymbol[id]}: the case-folded letter a token id stands for, or -1 if it is not part of a word. */
    ContextHashes(int[] orders, int[] wordSymbol) {
        this.orders = orders.clone();
        this.wordSymbol = wordSymbol.clone();
        this.recent = new int[orders[orders.length - 1]];
        this.orderKeys = new long[orders.length];
    }

    /** Computes the keys of the context the next token follows. */
    void compute() {
        long h = 0x2545F4914F6CDD1DL;
        int j = 0;
        for (int i = 1; i <= recent.length && i <= read && j < orders.length; i++) {
            h = (h + recent[(int) ((read - i) % recent.length)] + 1) * 0x9E3779B97F4A7C15L;
            if (i == orders[j]) {
                orderKeys[j++] = nonZero(finish(h + i));
            }
        }
        while (j < orders.length) {
            orderKeys[j++] = 0;
        }
        long current = word * 31;
        long withPrevious = current + previousWord * 0x9E3779B97F4A7C15L;
        wordKeys[0] = nonZero(finish(current + 0x1234567L));
        wordKeys[1] = nonZero(finish(withPrevious + 0x2345678L));
        wordKeys[2] = nonZero(finish(withPrevious + wordBefore * 0xC2B2AE3D27D4EB4FL + 0x3456789L));
        wordKeys[3] = nonZero(finish(current + wordBefore * 0xC2B2AE3D27D4EB4FL + 0x4567891L));
        long separatedBy = word == 0 ? pendingSeparator : separator;
        wordKeys[4] = nonZero(finish(current + (separatedBy + 1) * 0xD6E8FEB86659FD93L + 0x5678912L));
    }

    /** Appends a token to the history. */
    void push(int token) {
        followWords(token);
        recent[(int) (read % recent.length)] = token;
        read++;
    }

    private void followWords(int token) {
        int w = wordSymbol[token];
        if (w >= 0) {
            if (word == 0) {
                separator = pendingSeparator;
                pendingSeparator = 0;
            }
            word = (word + w + 1) * 0x9E3779B97F4A7C15L;
            return;
        }
        pendingSeparator = (pendingSeparator * 131 + token + 1) & 0xFFFFFF;
        if (word != 0) {
            wordBefore = previousWord;
            previousWord = word;
            word = 0;
        }
    }

    /** Forgets the history: the next text starts from an empty context. */
    void restart() {
        read = 0;
        word = 0;
        previousWord = 0;
        wordBefore = 0;
        separator = 0;
        pendingSeparator = 0;
    }

    private static long nonZero(long key) {
        return key == 0 ? 1 : key;
    }

    /** MurmurHash3's 64-bit finaliser: spreads the key's bits so the table's low bits are uniform. */
    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB93E7F7A4C35L;
        return h ^ (h >>> 33);
    }
}
