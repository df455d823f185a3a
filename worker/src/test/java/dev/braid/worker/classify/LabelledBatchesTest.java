package dev.braid.worker.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.worker.classify.LabelledBatches.Example;
import dev.braid.worker.model.Batch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Labelled documents become batches of similar lengths, time-major, right-padded, weighted by class. */
class LabelledBatchesTest {

    @Test
    void documentsAreSortedByLengthThenNameAndCutIntoPaddedTimeMajorBatches() {
        List<Example> docs = List.of(new Example("c", 1, new int[] {7, 8, 9}), new Example("b", 0, new int[] {5}),
                new Example("a", 0, new int[] {4, 6}), new Example("d", 1, new int[] {10}));
        List<Batch> batches = LabelledBatches.of(docs, 2, new float[] {0.5f, 2f});
        assertThat(batches).hasSize(2);
        Batch first = batches.get(0); // b [5], d [10]
        assertThat(first.steps()).isEqualTo(1);
        assertThat(first.inputs()).containsExactly(5, 10);
        assertThat(first.targetValues()).containsExactly(0f, 1f);
        assertThat(first.weights()).containsExactly(0.5f, 2f);
        Batch second = batches.get(1); // a [4, 6], c [7, 8, 9]
        assertThat(second.steps()).isEqualTo(3);
        assertThat(second.lengths()).containsExactly(2, 3);
        assertThat(second.inputs()).containsExactly(4, 7, 6, 8, 0, 9);
        assertThat(second.targetValues()).containsExactly(0f, 1f);
    }

    @Test
    void theSameDocumentsInAnyOrderGiveTheSameBatches() {
        List<Example> docs = List.of(new Example("x", 1, new int[] {4, 4}), new Example("y", 0, new int[] {5, 5}),
                new Example("z", 1, new int[] {6}));
        List<Batch> a = LabelledBatches.of(docs, 2, null);
        List<Batch> b = LabelledBatches.of(List.of(docs.get(2), docs.get(1), docs.get(0)), 2, null);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).inputs()).containsExactly(a.get(i).inputs());
            assertThat(b.get(i).weights()).containsOnly(1f);
        }
    }
}
