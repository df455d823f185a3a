package dev.braid.worker.forecast;

/**
 * The forecasts a daily forecaster must beat, each from the days up to the origin only. Births (and
 * much else people make) follow the week, so each repeats a weekday: {@code WEEKLY} the last observed
 * same weekday (seasonal naive), {@code YEAR_AGO} the same weekday 52 weeks (364 days) before the target
 * day, {@code MEAN_LAST_4} the mean of the last four observed same weekdays.
 */
public enum SeasonalBaseline {
    WEEKLY("seasonal naive (weekly)"),
    YEAR_AGO("same weekday 52 weeks earlier"),
    MEAN_LAST_4("mean of the last 4 same weekdays");

    private final String label;

    SeasonalBaseline(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The days before the target day {@code h} days after the origin this baseline reads first. */
    public int lookback(int h) {
        int lastSame = 7 * ((h + 6) / 7);
        return switch (this) {
            case WEEKLY -> lastSame;
            case YEAR_AGO -> 364;
            case MEAN_LAST_4 -> lastSame + 21;
        };
    }

    /** The forecast of {@code y[origin + h]} ({@code h >= 1}) from {@code y[0..origin]}. */
    public double forecast(float[] y, int origin, int h) {
        int day = origin + h;
        int lastSame = day - 7 * ((h + 6) / 7);
        return switch (this) {
            case WEEKLY -> y[lastSame];
            case YEAR_AGO -> y[day - 364];
            case MEAN_LAST_4 -> (y[lastSame] + (double) y[lastSame - 7] + y[lastSame - 14] + y[lastSame - 21]) / 4;
        };
    }
}
