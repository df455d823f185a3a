package dev.braid.worker.forecast;

/**
 * The forecasts a daily forecaster must beat, each from the days up to the origin only. Births (and
 * much else people make) follow the week, so each repeats a weekday: {@code WEEKLY} the last observed
 * same weekday (seasonal naive), {@code YEAR_AGO} the same weekday 52 weeks (364 days) before the target
 * day, {@code MEAN_LAST_4} the mean of the last four observed same weekdays. A series of one weekday
 * (a row a week) reads the same days: its last row, the row 52 before, the mean of its last four.
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
        return lookback(h, 7);
    }

    /** The rows before the target row {@code h} rows after the origin it reads first, {@code week} rows a week. */
    public int lookback(int h, int week) {
        int lastSame = week * ((h + week - 1) / week);
        return switch (this) {
            case WEEKLY -> lastSame;
            case YEAR_AGO -> 52 * week;
            case MEAN_LAST_4 -> lastSame + 3 * week;
        };
    }

    /** The forecast of {@code y[origin + h]} ({@code h >= 1}) from {@code y[0..origin]} of a daily series. */
    public double forecast(float[] y, int origin, int h) {
        return forecast(y, origin, h, 7);
    }

    /** The same for a series of {@code week} rows a week (7: daily; 1: one weekday's series). */
    public double forecast(float[] y, int origin, int h, int week) {
        int row = origin + h;
        int lastSame = row - week * ((h + week - 1) / week);
        return switch (this) {
            case WEEKLY -> y[lastSame];
            case YEAR_AGO -> y[row - 52 * week];
            case MEAN_LAST_4 -> (y[lastSame] + (double) y[lastSame - week] + y[lastSame - 2 * week] + y[lastSame - 3 * week]) / 4;
        };
    }
}
