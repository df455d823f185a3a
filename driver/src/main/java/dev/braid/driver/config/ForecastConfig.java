package dev.braid.driver.config;

import dev.braid.worker.forecast.ForecastInputs;
import dev.braid.worker.forecast.Scaling;
import dev.braid.worker.forecast.Series;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A forecaster (workload {@code forecast}): which columns of the series file hold the date (one ISO
 * {@code yyyy-MM-dd} column, or three: year, month, day), the target and extra features, and the column naming
 * the series of a set a row belongs to ("": one series); days missing from
 * the series refused or filled by linear interpolation; the horizon H forecast at once; the days of a
 * training window and the days between two windows' origins; the first day of the test period (training
 * reads only the days before it; the report forecasts from every origin from the day before it); the
 * calendar features read ({@code day-of-week}, {@code day-of-year}, {@code holidays}, {@code near-holidays}); lags of the target
 * read for each day ahead (each >= the horizon, e.g. 364: the same weekday a year before); whether the
 * target is modelled as its logarithm; whether the report also fits Spark MLlib's gradient-boosted trees.
 */
public record ForecastConfig(List<String> date, String target, List<String> features, String series, Gaps gaps,
                             int horizon, int window,
                             int stride, String testFrom, List<String> calendar, List<Integer> lags, boolean log,
                             boolean gbt) {

    /** Days missing between two rows of the series: refused with the file and line, or linearly interpolated. */
    public enum Gaps { REFUSE, FILL }

    public ForecastConfig {
        date = List.copyOf(date);
        features = List.copyOf(features);
        calendar = List.copyOf(calendar);
        lags = List.copyOf(lags);
        for (int lag : lags) {
            if (lag < horizon) {
                throw new InvalidValue("lags", lags, "each lag must be >= horizon (" + horizon + "): a shorter lag's values "
                        + "for the last days ahead are not known when the forecast is made");
            }
        }
        if (date.size() != 1 && date.size() != 3) {
            throw new InvalidValue("date", date, "name one column holding yyyy-MM-dd dates, or three: year, month, day");
        }
        Check.notBlank("target", target);
        Check.atLeast("horizon", horizon, 1);
        Check.atLeast("window", window, 2);
        Check.atLeast("stride", stride, 1);
        testDay(testFrom);
        calendarParts(calendar);
    }

    /** The model's inputs over {@code s}, scaled by {@code scaling}. */
    public ForecastInputs inputs(Series s, Scaling scaling) {
        return new ForecastInputs(s, scaling, calendarParts(), horizon, lags);
    }

    /** Numbers a day the model reads. */
    public int width() {
        return ForecastInputs.width(features.size(), calendarParts(), horizon, lags.size());
    }

    /** The first day a forecast can be made from: a full window after the days the longest lag reaches back. */
    public int firstOrigin() {
        return window - 1 + lags.stream().mapToInt(l -> l - 1).max().orElse(0);
    }

    /** {@code testFrom} as a date. */
    public LocalDate testDay() {
        return testDay(testFrom);
    }

    private static LocalDate testDay(String testFrom) {
        try {
            return LocalDate.parse(testFrom);
        } catch (DateTimeParseException e) {
            throw new InvalidValue("testFrom", "\"" + testFrom + "\"", "must be a date written yyyy-MM-dd");
        }
    }

    /** The calendar features as the model's inputs name them. */
    public Set<ForecastInputs.Calendar> calendarParts() {
        return calendarParts(calendar);
    }

    private static Set<ForecastInputs.Calendar> calendarParts(List<String> names) {
        Set<ForecastInputs.Calendar> out = EnumSet.noneOf(ForecastInputs.Calendar.class);
        for (String n : names) {
            try {
                out.add(ForecastInputs.Calendar.valueOf(n.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new InvalidValue("calendar", names, "'" + n + "' is not a calendar feature; use day-of-week, "
                        + "day-of-year, holidays, near-holidays");
            }
        }
        return out;
    }
}
