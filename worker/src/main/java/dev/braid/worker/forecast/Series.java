package dev.braid.worker.forecast;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;

/**
 * One regular series: {@code values[t]} is the target on day {@code first + t * step} (a daily series has
 * step 1, one weekday's series step 7), with no gaps, and {@code extras[k][t]} the value of extra feature
 * {@code extraNames[k]} then. {@code name} tells series of a set apart (the key column's value).
 */
public record Series(String name, LocalDate first, int step, float[] values, List<String> extraNames, float[][] extras)
        implements Serializable {

    public Series {
        extraNames = List.copyOf(extraNames);
        if (step < 1) {
            throw new IllegalArgumentException("step " + step + " must be >= 1 day");
        }
        if (extras.length != extraNames.size()) {
            throw new IllegalArgumentException(extras.length + " extra columns for " + extraNames.size() + " names");
        }
        for (float[] e : extras) {
            if (e.length != values.length) {
                throw new IllegalArgumentException("an extra column of " + e.length + " days beside " + values.length);
            }
        }
    }

    /** A daily series. */
    public Series(String name, LocalDate first, float[] values, List<String> extraNames, float[][] extras) {
        this(name, first, 1, values, extraNames, extras);
    }

    /** Its rows (days of a daily series). */
    public int days() {
        return values.length;
    }

    public LocalDate day(int t) {
        return first.plusDays((long) t * step);
    }

    /** The index of the first row on or after {@code day} (negative or >= days() when it lies outside). */
    public int indexOf(LocalDate day) {
        return (int) -Math.floorDiv(first.toEpochDay() - day.toEpochDay(), step);
    }

    /** Rows per week (7 for a daily series, 1 for a weekly one), or 0 where the step does not divide a week. */
    public int perWeek() {
        return 7 % step == 0 ? 7 / step : 0;
    }
}
