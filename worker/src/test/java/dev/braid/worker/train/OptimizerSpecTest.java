package dev.braid.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The learning-rate schedules, against values worked out by hand from their definitions. */
class OptimizerSpecTest {

    private static OptimizerSpec spec(int warmup, OptimizerSpec.Decay decay, long decaySteps) {
        return new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.01, 0.9, 0.999, 1e-8, 1, warmup, decay, decaySteps);
    }

    @Test
    void cosineWarmsUpThenFallsToATenthAtThePlannedEnd() {
        OptimizerSpec s = spec(10, OptimizerSpec.Decay.COSINE, 110);
        assertThat(s.rate(4)).isCloseTo(0.005, within(1e-12));          // step 5 of a 10-step warm-up
        assertThat(s.rate(9)).isCloseTo(0.01, within(1e-12));           // end of warm-up: the full rate
        assertThat(s.rate(59)).isCloseTo(0.01 * 0.55, within(1e-12));   // half way: (1 + cos(pi/2)) / 2 of 0.9, + 0.1
        assertThat(s.rate(109)).isCloseTo(0.001, within(1e-12));        // the planned end: the floor
        assertThat(s.rate(500)).isCloseTo(0.001, within(1e-12));        // past the plan: held at the floor
        for (int i = 10; i < 109; i++) {
            assertThat(s.rate(i + 1)).isLessThan(s.rate(i));
        }
    }

    @Test
    void inverseSqrtAndConstantAreUnchanged() {
        assertThat(spec(100, OptimizerSpec.Decay.INVERSE_SQRT, 0).rate(399)).isCloseTo(0.005, within(1e-12));
        assertThat(spec(0, OptimizerSpec.Decay.NONE, 0).rate(12345)).isEqualTo(0.01);
    }

    @Test
    void cosineNeedsMorePlannedUpdatesThanWarmUp() {
        assertThatThrownBy(() -> spec(100, OptimizerSpec.Decay.COSINE, 100))
                .hasMessageContaining("decaySteps=100").hasMessageContaining("warmupSteps=100");
    }
}
