package dev.braid.worker.forecast;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;

/**
 * One daily series: {@code values[t]} is the target on day {@code first + t}, with no gaps, and
 * {@code extras[k][t]} the value of extra feature {@code extraNames[k]} that day.
 */
public record Series(String name, LocalDate first, float[] values, List<String> extraNames, float[][] extras)
        implements Serializable {

    public Series {
        extraNames = List.copyOf(extraNames);
        if (extras.length != extraNames.size()) {
            throw new IllegalArgumentException(extras.length + " extra columns for " + extraNames.size() + " names");
        }
        for (float[] e : extras) {
            if (e.length != values.length) {
                throw new IllegalArgumentException("an extra column of " + e.length + " days beside " + values.length);
            }
        }
    }

    public int days() {
        return values.length;
    }

    public LocalDate day(int t) {
        return first.plusDays(t);
    }

    /** The index of {@code day} (negative or >= days() when it lies outside). */
    public int indexOf(LocalDate day) {
        return (int) (day.toEpochDay() - first.toEpochDay());
    }
}
