package dev.braid.worker.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.braid.worker.model.Batch;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A forecaster's inputs and targets, laid out as the batch contract says (time-major, {@code [n, F]} and {@code [n, H]}). */
class ForecastWindowsTest {
    private static final LocalDate MONDAY = LocalDate.of(2014, 12, 15);

    private static ForecastInputs inputs(int days, int horizon) {
        return inputs(days, horizon, EnumSet.of(ForecastInputs.Calendar.DAY_OF_WEEK, ForecastInputs.Calendar.DAY_OF_YEAR,
                ForecastInputs.Calendar.HOLIDAYS));
    }

    private static ForecastInputs inputs(int days, int horizon, java.util.Set<ForecastInputs.Calendar> calendar) {
        float[] y = new float[days];
        float[] x = new float[days];
        for (int t = 0; t < days; t++) {
            y[t] = 100 + t;
            x[t] = t % 2;
        }
        Series s = new Series("s", MONDAY, y, List.of("x"), new float[][] {x});
        return new ForecastInputs(s, Scaling.fit(s, days, false), calendar, horizon, List.of());
    }

    @Test
    void eachStepReadsItsDayAndPredictsTheNextHorizonDays() {
        ForecastInputs in = inputs(40, 3);
        Scaling sc = in.scaling();
        int width = in.width();
        assertThat(width).isEqualTo(1 + 1 + 7 + 6 + UsHolidays.kinds() * 4);
        Batch b = ForecastWindows.atOrigins(in, new int[] {9, 20}, 5);
        assertThat(b.rows()).isEqualTo(2);
        assertThat(b.steps()).isEqualTo(5);
        // step 4 of row 1 is day 20 (2015-01-04, a Sunday): its value, its feature, Sunday, and New Year 3 days ahead
        int at = (4 * 2 + 1) * width;
        assertThat(b.features()[at]).isCloseTo(sc.scale(120), within(1e-6f));
        assertThat(b.features()[at + 1]).isCloseTo(sc.scaleExtra(0, 0), within(1e-6f));
        assertThat(b.features()[at + 2 + 6]).isEqualTo(1f);
        int holidays = at + 2 + 7 + 6;
        int newYear = UsHolidays.Kind.NEW_YEAR.ordinal();
        // days 20..23 are Jan 4..7: no holiday; row 0's last day is day 9 (Dec 24): Christmas 1 day ahead
        for (int j = 0; j <= 3; j++) {
            assertThat(b.features()[holidays + j * UsHolidays.kinds() + newYear]).isZero();
        }
        int row0 = (4 * 2) * width + 2 + 7 + 6;
        assertThat(b.features()[row0 + UsHolidays.kinds() + UsHolidays.Kind.CHRISTMAS.ordinal()]).isEqualTo(1f);
        assertThat(b.features()[row0 + UsHolidays.Kind.CHRISTMAS.ordinal()]).isZero();
    }

    /** near-holidays: for each day ahead, the holidays of the day before and the day after it. */
    @Test
    void nearHolidaysAreTheDaysBeforeAndAfterEachDayAhead() {
        ForecastInputs in = inputs(40, 3, EnumSet.allOf(ForecastInputs.Calendar.class));
        int kinds = UsHolidays.kinds();
        assertThat(in.width()).isEqualTo(1 + 1 + 7 + 6 + kinds * 4 + 2 * kinds * 4);
        float[] day = new float[in.width()];
        in.write(9, day, 0); // 2014-12-24: Christmas is the day after it (j = 0) and the day of j = 1
        int near = 1 + 1 + 7 + 6 + kinds * 4;
        int christmas = UsHolidays.Kind.CHRISTMAS.ordinal();
        assertThat(day[near + kinds + christmas]).as("j=0, the day after").isEqualTo(1f);
        assertThat(day[near + christmas]).as("j=0, the day before").isZero();
        assertThat(day[near + 2 * kinds + christmas]).as("j=1 (Christmas), the day before").isZero();
        assertThat(day[near + 4 * kinds + christmas]).as("j=2 (Dec 26), the day before").isEqualTo(1f);
    }

    @Test
    void trainingWindowsHaveAllTheirTargetsBeforeTheEndAndCoverEveryOrigin() {
        ForecastInputs in = inputs(60, 3);
        List<Batch> batches = ForecastWindows.training(in, 50, 10, 2, 4, new SplittableRandom(1));
        int rows = batches.stream().mapToInt(Batch::rows).sum();
        // origins 9, 11, ..., 45 (45 + 3 < 50 <= 47 + 3)
        assertThat(rows).isEqualTo(19);
        Scaling sc = in.scaling();
        float maxTarget = Float.NEGATIVE_INFINITY;
        for (Batch b : batches) {
            for (int i = 0; i < b.rows() * b.steps(); i++) {
                float input = b.features()[i * in.width()];
                // the targets of a step are the next three days' values
                for (int j = 0; j < 3; j++) {
                    assertThat(sc.unscale(b.targetValues()[i * 3 + j])).isCloseTo(sc.unscale(input) + 1 + j, within(1e-3));
                    maxTarget = Math.max(maxTarget, (float) sc.unscale(b.targetValues()[i * 3 + j]));
                }
                assertThat(b.weights()[i]).isEqualTo(1f);
            }
        }
        assertThat(maxTarget).isCloseTo(148f, within(1e-3f)); // day 48, the last before the end
    }

    /** A set's windows: every series' origins once, shuffled together, each row read from its own series. */
    @Test
    void aSetOfSeriesTrainsEveryWindowOfEachAndOneSeriesIsTheSingleCase() {
        ForecastInputs a = inputs(30, 2);
        ForecastInputs b = inputs(40, 2);
        List<Batch> one = ForecastWindows.training(a, 30, 10, 1, 4, new SplittableRandom(3));
        List<Batch> same = ForecastWindows.training(List.of(a), new int[] {30}, 10, 1, 4, new SplittableRandom(3));
        assertThat(same).hasSameSizeAs(one);
        for (int i = 0; i < one.size(); i++) {
            assertThat(same.get(i).features()).isEqualTo(one.get(i).features());
        }
        List<Batch> both = ForecastWindows.training(List.of(a, b), new int[] {30, 40}, 10, 1, 4, new SplittableRandom(3));
        // origins 9..27 of a (19) and 9..37 of b (29); b's values run 30 days longer than a's can reach
        assertThat(both.stream().mapToInt(Batch::rows).sum()).isEqualTo(19 + 29);
        // the last target of each (day 29 of a, day 39 of b) is read, each scaled by its own series' scaling
        List<Float> targets = new java.util.ArrayList<>();
        both.forEach(batch -> {
            for (float v : batch.targetValues()) {
                targets.add(v);
            }
        });
        assertThat(targets).contains(a.scaling().scale(129), b.scaling().scale(139));
    }
}
