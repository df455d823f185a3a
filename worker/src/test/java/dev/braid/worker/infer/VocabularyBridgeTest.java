package dev.braid.worker.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.braid.worker.data.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyBridgeTest {
    // evaluated: <pad> <s> </s> <unk> a b c; the companion's: <pad> <s> </s> <unk> c a x
    private static final Vocabulary TARGET = Vocabulary.of(List.of("a", "b", "c"));
    private static final Vocabulary SOURCE = Vocabulary.of(List.of("c", "a", "x"));

    @Test
    void sharedSymbolsKeepTheirProbabilityMissingOnesShareUnknownAndRowsSumToOne() {
        VocabularyBridge bridge = new VocabularyBridge(TARGET, SOURCE);
        // source row: pad .0, <s> .0, </s> .1, <unk> .2, c .3, a .1, x .3 (x is lost: 0.7 of the row stays)
        float[] source = {0f, 0f, 0.1f, 0.2f, 0.3f, 0.1f, 0.3f};
        float[] got = bridge.carry(source, 1);
        // worked by hand: </s> .1, <unk> and b share .2 (.1 each), a .1, c .3; total .7, then renormalised
        float[] expected = {0f, 0f, 0.1f / 0.7f, 0.1f / 0.7f, 0.1f / 0.7f, 0.1f / 0.7f, 0.3f / 0.7f};
        assertArrayEquals(expected, got, 1e-6f);
        double sum = 0;
        for (float p : got) {
            sum += p;
        }
        assertEquals(1, sum, 1e-6);
    }

    @Test
    void rowsAreCarriedIndependently() {
        VocabularyBridge bridge = new VocabularyBridge(TARGET, SOURCE);
        float[] two = {0, 0, 0, 0, 1, 0, 0, /* second row */ 0, 0, 0, 0, 0, 1, 0};
        float[] got = bridge.carry(two, 2);
        assertEquals(1f, got[6], 1e-6f); // c
        assertEquals(1f, got[7 + 4], 1e-6f); // a
    }

    @Test
    void textIsEncodedInTheCompanionsVocabulary() {
        VocabularyBridge bridge = new VocabularyBridge(TARGET, SOURCE);
        int[] target = TARGET.encodeChars("abcz");
        assertArrayEquals(new int[] {5, Vocabulary.UNK_ID, 4, Vocabulary.UNK_ID}, bridge.sourceIds(target));
    }
}
