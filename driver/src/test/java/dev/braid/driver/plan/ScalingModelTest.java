package dev.braid.driver.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The round model against values worked out by hand. */
class ScalingModelTest {
    // a step of 0.1 s training 1,000 tokens; 1 MB each way; task 0.02 s, job 0.05 s, 0.01 s per worker result
    private static final ScalingModel.Measured M = new ScalingModel.Measured(0.1, 1000, 1_000_000, 0.02, 0.05, 0.01);

    @Test
    void fourMachinesOnANetwork() {
        // compute 10 x 0.1 = 1.0; transfer 1 MB x (4 + 1) / 100 MB/s = 0.05; coordination 0.02 + 0.05 + 4 x 0.01 + 0.05
        ScalingModel.Prediction p = ScalingModel.predict(M, 4, 10, 1e8);
        assertThat(p.roundSeconds()).isCloseTo(1.16, within(1e-12));
        assertThat(p.tokensPerSecond()).isCloseTo(40_000 / 1.16, within(1e-6));
        assertThat(p.efficiency()).isCloseTo(40_000 / 1.16 / 40_000, within(1e-12));
        assertThat(p.coordinationShare()).isCloseTo(0.16 / 1.16, within(1e-12));
        // 0.16 / (0.1 K + 0.16) <= 0.1 from K = 14.4 on
        assertThat(ScalingModel.periodFor(M, 4, 1e8, 0.1)).isEqualTo(15);
    }

    @Test
    void oneTaskOnThisMachineAveragingEveryStep() {
        ScalingModel.Prediction p = ScalingModel.predict(M, 1, 1, Double.POSITIVE_INFINITY);
        assertThat(p.roundSeconds()).isCloseTo(0.18, within(1e-12));
        assertThat(p.tokensPerSecond()).isCloseTo(1000 / 0.18, within(1e-9));
        assertThat(ScalingModel.alone(M)).isEqualTo(10_000);
        assertThat(p.efficiency()).isCloseTo(1000 / 0.18 / 10_000, within(1e-12));
    }

    @Test
    void aSlowNetworkMakesManyWorkersSlowerThanOneMachine() {
        // 100 workers on 1 MB/s: 101 MB to move per round, 101 s against 1 s of compute: 1e6 tokens in 103.07 s
        ScalingModel.Prediction p = ScalingModel.predict(M, 100, 10, 1e6);
        assertThat(p.roundSeconds()).isCloseTo(1 + 0.07 + 1 + 101, within(1e-9));
        assertThat(p.tokensPerSecond()).isLessThan(ScalingModel.alone(M));
        assertThat(p.coordinationShare()).isGreaterThan(0.99);
    }
}
