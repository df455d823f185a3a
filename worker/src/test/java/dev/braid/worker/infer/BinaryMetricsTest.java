package dev.braid.worker.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The classifier figures on examples small enough to count by hand. */
class BinaryMetricsTest {

    @Test
    void countsAtAThresholdGiveAccuracyPrecisionRecallAndF1() {
        // scores and labels: 0.9+ 0.8- 0.7+ 0.4+ 0.3- 0.1-; at 0.5: tp 2 (0.9, 0.7), fp 1 (0.8), fn 1 (0.4), tn 2
        BinaryMetrics m = new BinaryMetrics(new double[] {0.9, 0.8, 0.7, 0.4, 0.3, 0.1},
                new boolean[] {true, false, true, true, false, false});
        BinaryMetrics.Counts c = m.at(0.5);
        assertThat(c).isEqualTo(new BinaryMetrics.Counts(2, 1, 2, 1));
        assertThat(c.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(c.precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.recall()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.f1()).isCloseTo(2.0 / 3, within(1e-12));
        // of the 9 (positive, negative) pairs the positive scores higher in 7: (0.9 > all 3), (0.7 > 0.3, 0.1),
        // (0.4 > 0.3, 0.1); 0.7 and 0.4 lose to 0.8
        assertThat(m.auc()).isCloseTo(7.0 / 9, within(1e-12));
    }

    @Test
    void tiesCountHalfAndDegenerateSetsSaySo() {
        // one positive and one negative at the same score: AUC 1/2; plus a clear pair: (1 + 1 + 0.5 + 1) / 4
        BinaryMetrics tied = new BinaryMetrics(new double[] {0.5, 0.5, 0.9, 0.1}, new boolean[] {true, false, true, false});
        assertThat(tied.auc()).isCloseTo(3.5 / 4, within(1e-12));
        BinaryMetrics oneClass = new BinaryMetrics(new double[] {0.2, 0.8}, new boolean[] {true, true});
        assertThat(oneClass.auc()).isNaN();
        assertThat(oneClass.at(0.9).precision()).as("nothing predicted positive").isZero();
        assertThat(oneClass.at(0.9).f1()).isZero();
    }

    @Test
    void logLossIsTheMeanNegativeLogLikelihoodWithClippedProbabilities() {
        // -(ln 0.8 + ln(1 - 0.4)) / 2 for a positive at 0.8 and a negative at 0.4
        BinaryMetrics m = new BinaryMetrics(new double[] {0.8, 0.4}, new boolean[] {true, false});
        assertThat(m.logLoss()).isCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, within(1e-12));
        // a certain mistake costs -ln(1e-7), not infinity
        BinaryMetrics wrong = new BinaryMetrics(new double[] {0.0}, new boolean[] {true});
        assertThat(wrong.logLoss()).isCloseTo(-Math.log(1e-7), within(1e-9));
    }
}
