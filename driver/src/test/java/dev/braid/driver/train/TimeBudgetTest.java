package dev.braid.driver.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The schedule's end planned from a time budget, on a clock the test moves. */
class TimeBudgetTest {
    private static final long SECOND = 1_000_000_000L;

    /** Rounds of 10 updates; the first takes 30 s (caching), the others 2 s. */
    private static TrainState round(TrainState s, int batches) {
        s.iteration += 10;
        s.nextBatch += 10;
        if (s.nextBatch >= batches) {
            s.epoch++;
            s.nextBatch = 0;
        }
        return s;
    }

    @Test
    void plansTheUpdatesTheRestOfTheBudgetHoldsAtTheMeasuredRate() {
        TimeBudget budget = new TimeBudget(Duration.ofSeconds(1000), 1000, 50);
        TrainState s = new TrainState(new float[1], new float[0], 1);
        long now = 30 * SECOND;
        budget.update(round(s, 400), e -> 400, 0, now);
        assertThat(s.plannedUpdates()).as("nothing measured yet").isZero();
        assertThat(budget.describe(s)).isEmpty();
        now += 2 * SECOND;
        budget.update(round(s, 400), e -> 400, 0, now);
        assertThat(s.plannedUpdates()).as("one round is not a measurement").isZero();
        now += 2 * SECOND;
        budget.update(round(s, 400), e -> 400, 0, now);
        // 5 updates/s measured after the first round; 966 s left: 30 + 4830
        assertThat(s.plannedUpdates()).isEqualTo(30 + 4830);
        assertThat(budget.describe(s)).contains("ends at update 4,860").contains("5.00 updates/s");
        // a slower stretch (an epoch's validation) lowers the plan: 30 updates in 44 s, 926 s left
        now += 40 * SECOND;
        budget.update(round(s, 400), e -> 400, 0, now);
        assertThat(s.plannedUpdates()).isEqualTo(40 + (long) (30.0 / 44 * 926));
    }

    @Test
    void neverPlansPastTheLastEpochNorInsideTheWarmUp() {
        TimeBudget budget = new TimeBudget(Duration.ofHours(10), 2, 50);
        TrainState s = new TrainState(new float[1], new float[0], 1);
        for (int r = 1; r <= 3; r++) {
            budget.update(round(s, 100), e -> 100, 0, r * SECOND);
        }
        assertThat(s.plannedUpdates()).as("two epochs of 100 updates").isEqualTo(200);
        TimeBudget tight = new TimeBudget(Duration.ofSeconds(4), 1000, 50);
        TrainState t = new TrainState(new float[1], new float[0], 1);
        for (int r = 1; r <= 3; r++) {
            tight.update(round(t, 100), e -> 100, 0, r * SECOND);
        }
        assertThat(t.plannedUpdates()).as("past the warm-up, so a cosine is defined").isEqualTo(51);
    }
}
