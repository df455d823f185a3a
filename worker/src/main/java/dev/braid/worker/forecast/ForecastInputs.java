package dev.braid.worker.forecast;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a forecaster reads at day t and what it predicts there. Input: the scaled target of day t, the
 * scaled extra features of day t, for each lag L (>= H) the scaled values of days t+1-L..t+H-L (e.g.
 * L = 364: the same weekdays a year before each day ahead), and the calendar parts asked for: the day of week (one-hot, 7), the
 * day of year (sine and cosine of its first three yearly harmonics, 6), and for each of rows t..t+H the
 * US federal holiday it is (one-hot over the kinds) — future holidays are known, so a direct forecast
 * of the next H days can see them — and, where asked, the holidays of the day before and after each of
 * those (births fall around holidays too; a weekly series has no rows for those days). Targets: the scaled values of days t+1..t+H.
 */
public record ForecastInputs(Series series, Scaling scaling, Set<Calendar> calendar, int horizon, List<Integer> lags)
        implements Serializable {

    /** The calendar features a model may read. */
    public enum Calendar { DAY_OF_WEEK, DAY_OF_YEAR, HOLIDAYS, NEAR_HOLIDAYS }

    private static final int HARMONICS = 3;

    public ForecastInputs {
        calendar = calendar.isEmpty() ? EnumSet.noneOf(Calendar.class) : EnumSet.copyOf(calendar);
        lags = List.copyOf(lags);
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon " + horizon + " must be >= 1");
        }
        for (int lag : lags) {
            if (lag < horizon) {
                throw new IllegalArgumentException("lag " + lag + " is shorter than the horizon " + horizon
                        + ": its values for the last days ahead are not known yet");
            }
        }
    }

    /** The first day whose inputs all lie in the series (every lag reaches back to a day of it). */
    public int firstDay() {
        return lags.stream().mapToInt(l -> l - 1).max().orElse(0);
    }

    /** Numbers per day. */
    public int width() {
        return width(series.extras().length, calendar, horizon, lags.size());
    }

    /** Numbers per day of a series with {@code extras} extra features and {@code lags} lags. */
    public static int width(int extras, Set<Calendar> calendar, int horizon, int lags) {
        int w = 1 + extras + lags * horizon;
        if (calendar.contains(Calendar.DAY_OF_WEEK)) {
            w += 7;
        }
        if (calendar.contains(Calendar.DAY_OF_YEAR)) {
            w += 2 * HARMONICS;
        }
        if (calendar.contains(Calendar.HOLIDAYS)) {
            w += UsHolidays.kinds() * (horizon + 1);
        }
        if (calendar.contains(Calendar.NEAR_HOLIDAYS)) {
            w += 2 * UsHolidays.kinds() * (horizon + 1);
        }
        return w;
    }

    /** Writes day {@code t}'s inputs at {@code out[at..at+width)} (zeros assumed). */
    public void write(int t, float[] out, int at) {
        int i = at;
        out[i++] = scaling.scale(series.values()[t]);
        for (int k = 0; k < series.extras().length; k++) {
            out[i++] = scaling.scaleExtra(k, series.extras()[k][t]);
        }
        for (int lag : lags) {
            for (int j = 1; j <= horizon; j++) {
                out[i++] = t + j - lag >= 0 ? scaling.scale(series.values()[t + j - lag]) : 0;
            }
        }
        LocalDate day = series.day(t);
        if (calendar.contains(Calendar.DAY_OF_WEEK)) {
            out[i + day.getDayOfWeek().getValue() - 1] = 1;
            i += 7;
        }
        if (calendar.contains(Calendar.DAY_OF_YEAR)) {
            double phase = 2 * Math.PI * (day.getDayOfYear() - 1) / day.lengthOfYear();
            for (int h = 1; h <= HARMONICS; h++) {
                out[i++] = (float) Math.sin(h * phase);
                out[i++] = (float) Math.cos(h * phase);
            }
        }
        if (calendar.contains(Calendar.HOLIDAYS)) {
            for (int j = 0; j <= horizon; j++) {
                UsHolidays.Kind k = UsHolidays.of(series.day(t + j));
                if (k != null) {
                    out[i + k.ordinal()] = 1;
                }
                i += UsHolidays.kinds();
            }
        }
        if (calendar.contains(Calendar.NEAR_HOLIDAYS)) {
            for (int j = 0; j <= horizon; j++) {
                LocalDate d = series.day(t + j);
                for (LocalDate near : new LocalDate[] {d.minusDays(1), d.plusDays(1)}) {
                    UsHolidays.Kind k = UsHolidays.of(near);
                    if (k != null) {
                        out[i + k.ordinal()] = 1;
                    }
                    i += UsHolidays.kinds();
                }
            }
        }
    }

    /** The scaled target of day {@code t}. */
    public float target(int t) {
        return scaling.scale(series.values()[t]);
    }
}
