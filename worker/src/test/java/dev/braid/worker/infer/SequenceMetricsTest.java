package dev.braid.worker.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceMetricsTest {
    @Test
    void editDistanceOfKnownPairs() {
        assertThat(SequenceMetrics.editDistance(new int[] {1, 2, 3}, new int[] {1, 2, 3})).isZero();
        assertThat(SequenceMetrics.editDistance(new int[] {}, new int[] {4, 5})).isEqualTo(2);
        // kitten -> sitting: 3 (the textbook example)
        assertThat(SequenceMetrics.editDistance(new int[] {'k', 'i', 't', 't', 'e', 'n'},
                new int[] {'s', 'i', 't', 't', 'i', 'n', 'g'})).isEqualTo(3);
    }

    @Test
    void wordsScoreAgainstTheirClosestReference() {
        SequenceMetrics m = new SequenceMetrics();
        m.add(new int[] {1, 2, 3}, List.of(new int[] {9, 9, 9, 9}, new int[] {1, 2, 3}));
        m.add(new int[] {1, 2}, List.of(new int[] {1, 2, 4}, new int[] {7, 7, 7, 7, 7}));
        assertThat(m.words()).isEqualTo(2);
        assertThat(m.wordErrorRate()).isCloseTo(0.5, within(1e-12));
        // 0 edits over 3 + 1 edit over 3
        assertThat(m.symbolErrorRate()).isCloseTo(1.0 / 6, within(1e-12));
    }
}
