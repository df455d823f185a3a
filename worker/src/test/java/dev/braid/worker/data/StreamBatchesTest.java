package dev.braid.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.worker.model.Batch;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a block of streams is cut into truncated-BPTT batches. */
class StreamBatchesTest {
    /** Two rows of 47 tokens whose ids are their positions (row 1 offset by 1000); a document starts at row 0, position 20. */
    private static StreamBlock block() {
        int rows = 2, length = 47;
        int[] tokens = new int[rows * length];
        for (int b = 0; b < rows; b++) {
            for (int p = 0; p < length; p++) {
                tokens[b * length + p] = b * 1000 + p;
            }
        }
        BitSet starts = new BitSet();
        starts.set(20);
        return new StreamBlock(0, rows, length, tokens, starts);
    }

    @Test
    void statefulBatchesWalkEachRowInOrderAndCoverItOnce() {
        StreamBatches batches = new StreamBatches(block(), 10, true, false, true, 1);
        assertThat(batches.batchesPerEpoch(0)).isEqualTo(5);
        int expectedStart = 0;
        for (int i = 0; i < 5; i++) {
            Batch b = batches.batch(0, i);
            assertThat(b.inputs()[0]).isEqualTo(expectedStart);
            assertThat(b.inputs()[1]).isEqualTo(1000 + expectedStart);
            for (int t = 0; t < b.steps(); t++) {
                assertThat(b.targets()[t * 2]).isEqualTo(b.inputs()[t * 2] + 1);
                assertThat(b.keep()[t * 2]).isEqualTo(expectedStart + t == 20 ? 0f : 1f);
                assertThat(b.keep()[t * 2 + 1]).isEqualTo(1f);
            }
            expectedStart += b.steps();
        }
        assertThat(expectedStart).as("every input position but the last, once").isEqualTo(46);
        assertThat(batches.batch(0, 4).steps()).as("the short tail segment").isEqualTo(6);
    }

    @Test
    void randomOffsetsMoveBoundariesPerEpochAndStatelessOrderIsAPermutation() {
        Set<Integer> firstInputs = new HashSet<>();
        for (int epoch = 0; epoch < 8; epoch++) {
            firstInputs.add(new StreamBatches(block(), 10, true, true, false, 3).batch(epoch, 0).inputs()[0]);
        }
        assertThat(firstInputs).hasSizeGreaterThan(1).allMatch(o -> o >= 0 && o < 10);

        StreamBatches stateless = new StreamBatches(block(), 10, false, false, false, 3);
        Set<Integer> starts = new HashSet<>();
        boolean inOrder = true;
        for (int i = 0; i < 5; i++) {
            int s = stateless.batch(0, i).inputs()[0];
            starts.add(s);
            inOrder &= s == i * 10;
        }
        assertThat(starts).containsExactlyInAnyOrder(0, 10, 20, 30, 40);
        assertThat(inOrder).as("a seeded shuffle").isFalse();
    }
}
