package dev.braid.worker.rnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.LmFixtures;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Carrying state across batches must equal running the concatenated sequence in one batch. */
class StateCarryTest {

    @ParameterizedTest
    @EnumSource(CellType.class)
    void twoSegmentsWithCarriedStateEqualOneLongSegment(CellType cell) {
        StackModel model = new LanguageModelSpec(11, 6, cell, 8, 2, 0.0).build(Precision.DOUBLE);
        model.initParams(3);
        int rows = 2, steps = 10, half = 5;
        Batch whole = LmFixtures.randomBatch(rows, steps, 11, false, false, 9);
        model.resetState(rows);
        double wholeLoss = model.score(whole).sum();
        float[] wholeState = model.exportState();

        model.resetState(rows);
        model.score(slice(whole, 0, half));
        double carriedSecond = model.score(slice(whole, half, steps)).sum();
        assertThat(model.exportState()).containsExactly(wholeState, within(1e-6f));

        model.resetState(rows);
        double first = model.score(slice(whole, 0, half)).sum();
        assertThat(first + carriedSecond).isCloseTo(wholeLoss, within(1e-9));

        model.resetState(rows);
        double restartedSecond = model.score(slice(whole, half, steps)).sum();
        assertThat(Math.abs(restartedSecond - carriedSecond))
                .as("a zero state must give a different loss than the carried one")
                .isGreaterThan(1e-6);
    }

    private static Batch slice(Batch b, int from, int to) {
        int r = b.rows();
        return Batch.stream(r, to - from, Arrays.copyOfRange(b.inputs(), from * r, to * r),
                Arrays.copyOfRange(b.targets(), from * r, to * r), Arrays.copyOfRange(b.weights(), from * r, to * r),
                null);
    }
}
