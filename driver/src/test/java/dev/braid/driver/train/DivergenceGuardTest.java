package dev.braid.driver.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rounds count and which diverged: non-finite values always; a loss spike against the recent mean. */
class DivergenceGuardTest {
    private static RoundReport round(long n, double loss) {
        return new RoundReport(0, n, 10 * n, 100, (int) (10 * n), loss, 640, 64, 10, n, 0, 9, 0.1);
    }

    @Test
    void aLossSpikeAboveTheFactorTimesTheRecentMeanDiverges() {
        DivergenceGuard guard = new DivergenceGuard(3, List.of());
        for (int r = 1; r <= DivergenceGuard.MIN_HISTORY; r++) {
            assertThat(guard.check(round(r, 2.0), List.of(), new float[] {1})).isEmpty();
            guard.accept(2.0);
        }
        assertThat(guard.check(round(11, 5.9), List.of(), new float[] {1})).as("below 3 x 2.0").isEmpty();
        assertThat(guard.check(round(11, 6.1), List.of(), new float[] {1})).get().asString()
                .contains("loss spike: 6.1000, above 3.0 x the mean 2.0000 of the last 10 rounds");
    }

    @Test
    void tooLittleHistoryOrTheSpikeTestOffNeverFlagsAFiniteLoss() {
        DivergenceGuard young = new DivergenceGuard(3, List.of(round(1, 1.0)));
        assertThat(young.check(round(2, 100), List.of(), new float[] {1})).isEmpty();
        List<RoundReport> earlier = new ArrayList<>();
        for (int r = 1; r <= 20; r++) {
            earlier.add(round(r, 1.0));
        }
        assertThat(new DivergenceGuard(0, earlier).check(round(21, 100), List.of(), new float[] {1})).isEmpty();
        // a resumed run's earlier rounds seed the window: it decides as an uninterrupted run
        assertThat(new DivergenceGuard(3, earlier).check(round(21, 100), List.of(), new float[] {1})).isPresent();
    }

    @Test
    void nonFiniteValuesAlwaysDiverge() {
        DivergenceGuard off = new DivergenceGuard(0, List.of());
        assertThat(off.check(round(1, Double.NaN), List.of(), new float[] {1})).get().asString().contains("non-finite mean loss");
        assertThat(off.check(round(1, 1), List.of(), new float[] {1, Float.POSITIVE_INFINITY})).get().asString()
                .contains("non-finite averaged parameter 1");
        assertThat(off.check(round(1, 1), List.of("partition 0 (batch 3)"), new float[] {1})).get().asString()
                .contains("non-finite loss or gradient in partition 0 (batch 3)");
    }
}
