package dev.braid.worker.forecast;

import java.time.LocalDate;

/**
 * The features a tree model forecasts from (the gradient-boosted baseline): for the day {@code h} rows
 * after an origin, relative to the level (the mean of the 4 weeks up to the origin) — the last observed
 * same weekday, the mean of the last four, the same weekday 52 weeks earlier, the origin's value and the
 * mean of its week — beside {@code h} and the target day's calendar (day of week, day of year, month, and
 * the holiday it, the day before and the day after are; 0 for none). The label is the target over the
 * level, so trees, which cannot extrapolate, need not follow the trend.
 */
public final class LagFeatures {
    /** Numbers per example. */
    public static final int WIDTH = 12;
    /** The first origin whose features all lie in {@code s} (52 weeks of rows, less one). */
    public static int firstOrigin(Series s) {
        return 52 * s.perWeek() - 1;
    }

    private LagFeatures() {
    }

    /** The level an origin's forecasts are relative to: the mean of the 4 weeks up to it. */
    public static double level(Series s, int origin) {
        return mean(s.values(), origin - 4 * s.perWeek() + 1, origin);
    }

    private static double mean(float[] y, int from, int to) {
        double s = 0;
        for (int t = from; t <= to; t++) {
            s += y[t];
        }
        return s / (to - from + 1);
    }

    /** The features of the forecast of day {@code origin + h} of {@code s}. */
    public static double[] of(Series s, int origin, int h) {
        float[] y = s.values();
        int week = s.perWeek();
        double level = level(s, origin);
        LocalDate day = s.day(origin + h);
        return new double[] {
            h,
            SeasonalBaseline.WEEKLY.forecast(y, origin, h, week) / level,
            SeasonalBaseline.MEAN_LAST_4.forecast(y, origin, h, week) / level,
            SeasonalBaseline.YEAR_AGO.forecast(y, origin, h, week) / level,
            y[origin] / level,
            mean(y, origin - week + 1, origin) / level,
            day.getDayOfWeek().getValue(),
            day.getDayOfYear(),
            day.getMonthValue(),
            holiday(day),
            holiday(day.minusDays(1)),
            holiday(day.plusDays(1)),
        };
    }

    private static int holiday(LocalDate day) {
        UsHolidays.Kind k = UsHolidays.of(day);
        return k == null ? 0 : k.ordinal() + 1;
    }
}
