package dev.braid.worker.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class ContextHashesTest {
    private static final int[] ORDERS = {1, 2, 3};

    /** The keys after reading {@code text}, token ids being the ASCII codes. */
    private static ContextHashes after(String text) {
        int[] wordSymbol = new int[128];
        for (int c = 0; c < 128; c++) {
            wordSymbol[c] = Character.isLetter(c) ? Character.toLowerCase(c) : -1;
        }
        ContextHashes h = new ContextHashes(ORDERS, wordSymbol);
        text.chars().forEach(h::push);
        h.compute();
        return h;
    }

    @Test
    void orderKeysDependOnExactlyTheLastKTokens() {
        ContextHashes a = after("abc"), b = after("xbc");
        assertEquals(a.orderKeys[0], b.orderKeys[0]);
        assertEquals(a.orderKeys[1], b.orderKeys[1]);
        assertNotEquals(a.orderKeys[2], b.orderKeys[2]);
        assertEquals(0, after("bc").orderKeys[2], "fewer tokens read than the order: no key");
    }

    @Test
    void wordContextsSeeWordsAndSeparatorsNotCharacters() {
        // case-folded: the same words give the same word keys
        assertEquals(after("The cat sat").wordKeys[2], after("the CAT sat").wordKeys[2]);
        // "b" after "red big" and after "red small": the skip context (word two back) agrees, the others differ
        ContextHashes big = after("red big c"), small = after("red small c");
        assertEquals(big.wordKeys[0], small.wordKeys[0]);
        assertNotEquals(big.wordKeys[1], small.wordKeys[1]);
        assertEquals(big.wordKeys[3], small.wordKeys[3]);
        // a word after ". " and after ", ": the same word and previous word, different separators
        ContextHashes stop = after("the cat. d"), comma = after("the cat, d");
        assertEquals(stop.wordKeys[1], comma.wordKeys[1]);
        assertNotEquals(stop.wordKeys[4], comma.wordKeys[4]);
        // before a word's first letter the separator read so far is the context
        assertNotEquals(after("the cat. ").wordKeys[4], after("the cat, ").wordKeys[4]);
        assertEquals(after("x. ").wordKeys[4], after("the cat. ").wordKeys[4]);
    }
}
