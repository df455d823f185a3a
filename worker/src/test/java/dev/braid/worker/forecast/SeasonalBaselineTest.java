package dev.braid.worker.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The seasonal baselines and the error measures, on series small enough to work out by hand. */
class SeasonalBaselineTest {

    /** Day t holds t: every forecast names the day it copies. */
    private static float[] days(int n) {
        float[] y = new float[n];
        for (int t = 0; t < n; t++) {
            y[t] = t;
        }
        return y;
    }

    @Test
    void eachBaselineReadsOnlyDaysUpToTheOrigin() {
        float[] y = days(400);
        int origin = 380;
        // the weekly forecast of origin+1..+7 repeats the last week; +8..+14 repeats it again
        assertThat(SeasonalBaseline.WEEKLY.forecast(y, origin, 1)).isEqualTo(374);
        assertThat(SeasonalBaseline.WEEKLY.forecast(y, origin, 7)).isEqualTo(380);
        assertThat(SeasonalBaseline.WEEKLY.forecast(y, origin, 8)).isEqualTo(374);
        assertThat(SeasonalBaseline.WEEKLY.forecast(y, origin, 14)).isEqualTo(380);
        assertThat(SeasonalBaseline.YEAR_AGO.forecast(y, origin, 3)).isEqualTo(383 - 364);
        // mean of days 374, 367, 360, 353
        assertThat(SeasonalBaseline.MEAN_LAST_4.forecast(y, origin, 8)).isEqualTo(363.5);
        for (SeasonalBaseline b : SeasonalBaseline.values()) {
            for (int h = 1; h <= 14; h++) {
                // days after the origin and before the lookback are unknown: the forecast must not read them
                float[] known = y.clone();
                for (int t = 0; t < known.length; t++) {
                    if (t > origin || t < origin + h - b.lookback(h)) {
                        known[t] = Float.NaN;
                    }
                }
                assertThat(b.forecast(known, origin, h)).as(b + " h=" + h).isEqualTo(b.forecast(y, origin, h)).isNotNaN();
            }
        }
    }

    /** One weekday's series (a row a week) forecasts as the daily series does for that weekday, k weeks ahead. */
    @Test
    void aWeekdaySeriesReadsTheSameDaysAsTheDailyOne() {
        float[] y = new float[800];
        for (int t = 0; t < y.length; t++) {
            y[t] = (float) (100 + 10 * Math.sin(t) + t % 7 * 3 + t * 0.01);
        }
        int weekday = 3;
        float[] weekly = new float[y.length / 7];
        for (int r = 0; r < weekly.length; r++) {
            weekly[r] = y[weekday + 7 * r];
        }
        int row = 90;
        for (SeasonalBaseline b : SeasonalBaseline.values()) {
            for (int k = 1; k <= 3; k++) {
                assertThat(b.forecast(weekly, row, k, 1)).as(b + " k=" + k)
                        .isEqualTo(b.forecast(y, weekday + 7 * row, 7 * k));
                assertThat(b.lookback(k, 1) * 7).isEqualTo(b.lookback(7 * k));
            }
        }
    }

    @Test
    void smapeAndMapeAreAveragedPerHorizonAndOverall() {
        ForecastErrors e = new ForecastErrors(2);
        e.add(1, 110, 100); // sMAPE 200*10/210 = 9.5238, APE 10
        e.add(1, 100, 100); // 0, 0
        e.add(2, 50, 100);  // sMAPE 200*50/150 = 66.667, APE 50
        assertThat(e.smape(1)).isCloseTo(1000.0 / 210, within(1e-9));
        assertThat(e.mape(1)).isCloseTo(5, within(1e-9));
        assertThat(e.smape(2)).isCloseTo(200.0 / 3, within(1e-9));
        assertThat(e.smape()).isCloseTo((2000.0 / 210 + 200.0 / 3) / 3, within(1e-9));
        assertThat(e.mape()).isCloseTo(20, within(1e-9));
        assertThat(e.forecasts()).isEqualTo(3);
    }
}
