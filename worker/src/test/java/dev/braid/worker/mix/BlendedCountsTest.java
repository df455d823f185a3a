package dev.braid.worker.mix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlendedCountsTest {
    /**
     * Reference values worked by hand from escape method C, q_k(c) = (n(c) + u q_{k-1}(c)) / (n + u): a
     * context followed by 2, 1, 1 (n = 3, u = 2) over a uniform 4-token start gives (0.1, 0.5, 0.3, 0.1);
     * a longer one followed once by 2 (n = 1, u = 1) gives (0.05, 0.25, 0.65, 0.05); a context never seen
     * passes that on. Each blended row is followed, for its key, by a row marking the last follower.
     */
    @Test
    void blendsEachContextOntoTheOneBelowAndMarksItsLastFollower() {
        BlendedCounts counts = new BlendedCounts();
        long shorter = 11, longer = 22, unseen = 33;
        for (int token : new int[] {2, 1, 1}) {
            counts.add(new long[] {shorter}, token);
        }
        counts.add(new long[] {longer}, 2);
        double[] q = {0.25, 0.25, 0.25, 0.25};
        double[][] logs = new double[1 + 6][4];
        int confidence = counts.blend(new long[] {shorter, longer, unseen}, q, logs, 1, 1e-7);

        double[][] expected = {{0.1, 0.5, 0.3, 0.1}, {0.05, 0.25, 0.65, 0.05}, {0.05, 0.25, 0.65, 0.05}};
        for (int j = 0; j < 3; j++) {
            assertArrayEquals(expected[j], Arrays.stream(logs[1 + j]).map(Math::exp).toArray(), 1e-12, "order " + j);
        }
        assertArrayEquals(new double[] {0, 1, 0, 0}, logs[4], "the shorter context was followed by 1 last");
        assertArrayEquals(new double[] {0, 0, 1, 0}, logs[5]);
        assertArrayEquals(new double[] {0, 0, 0, 0}, logs[6], "an unseen context marks nothing");
        assertArrayEquals(new double[] {0, 0, 0, 0}, logs[0], "rows before the offset are left alone");
        // the longest seen context is the second, followed by one token once: level 1
        assertEquals(2 * BlendedCounts.CONFIDENCE_LEVELS + 1, confidence);
        assertEquals(1, counts.agreement(), "the shorter context was last followed by 1, the longest by 2");

        counts.add(new long[] {shorter}, 2);
        counts.blend(new long[] {shorter, longer, unseen}, new double[] {0.25, 0.25, 0.25, 0.25}, logs, 1, 1e-7);
        assertEquals(2, counts.agreement(), "both were last followed by 2");
        counts.blend(new long[] {unseen}, new double[] {0.25, 0.25, 0.25, 0.25}, logs, 1, 1e-7);
        assertEquals(0, counts.agreement(), "no context found");
    }
}
