package dev.braid.driver.data;

import dev.braid.driver.UserError;
import dev.braid.driver.config.ForecastConfig;
import dev.braid.driver.io.Fs;
import dev.braid.worker.forecast.Series;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Reads a daily series from CSV files (Hadoop paths: a file, a directory of files or a pattern, each in
 * name order, each with a header, the days continuing from file to file) as {@code forecast.*} names its
 * columns. It runs on the driver before Spark starts (a series is small, and an error must name the file
 * and line): a missing column, a wrong number of fields, a non-numeric, NaN, infinite or missing value,
 * an impossible date, a duplicate or out-of-order date, or (with {@code gaps = refuse}) a missing day is
 * refused with file:line and the fix; {@code gaps = fill} interpolates missing days linearly and counts them.
 * With {@code forecast.series} a key column splits the rows into a set of series, each regular at the step
 * its first two rows set (e.g. 7 days), a row off that step refused, a missing row refused or filled.
 */
public final class SeriesReader {
    private final ForecastConfig f;
    /** The rows of each series by its key ("" for the one series of a file without forecast.series). */
    private final Map<String, List<Day>> days = new LinkedHashMap<>();
    /** Days between two rows of each series: 1 for one series; a set's from its first two rows. */
    private final Map<String, Integer> steps = new LinkedHashMap<>();
    private int filled;

    /** One row: where it came from, its date, its target and features. */
    private record Day(String where, LocalDate date, double[] values) {
    }

    /** The series read (one, or a set by forecast.series in order of first appearance), and the days filled in. */
    public record Read(List<Series> all, int filled, String source) {
        /** The series of a file that holds one. */
        public Series series() {
            return all.get(0);
        }
    }

    private SeriesReader(ForecastConfig f) {
        this.f = f;
    }

    /** The series in the files of {@code locations}, in order (Parquet where {@code parquet}, else CSV). */
    public static Read read(Fs fs, ForecastConfig f, String name, List<String> locations, boolean parquet) {
        SeriesReader r = new SeriesReader(f);
        for (String location : locations) {
            for (Path file : files(fs, location)) {
                if (parquet) {
                    r.rows(file.toString(), ParquetRows.read(fs, file), " row ");
                } else {
                    r.rows(file.toString(), csv(new String(fs.readBytes(file), StandardCharsets.UTF_8)), ":");
                }
            }
        }
        if (r.days.isEmpty()) {
            throw new UserError("The series " + String.join(", ", locations) + " has no rows" + (parquet ? "" : " under its "
                    + "header") + "; give a file with one day per " + (parquet ? "row." : "line."));
        }
        return new Read(r.series(name, String.join(", ", locations)), r.filled, String.join(", ", locations));
    }

    /**
     * The files of {@code location} in order: those {@link Fs#documents} finds, or, for a directory of dated
     * partitions ({@code dt=YYYY-MM-DD/}, as scheduled retraining reads), each partition's files in date order.
     */
    static List<Path> files(Fs fs, String location) {
        Path dir = fs.qualify(location);
        List<Path> partitions = fs.isDirectory(dir)
                ? fs.list(dir).stream().filter(p -> p.getName().matches(DATED)).toList() : List.of();
        if (partitions.isEmpty()) {
            return fs.documents(location);
        }
        List<Path> out = new ArrayList<>();
        for (Path p : partitions) {
            out.addAll(fs.documents(p.toString()));
        }
        return out;
    }

    /** The name of a dated partition. */
    public static final String DATED = "dt=\\d{4}-\\d{2}-\\d{2}";

    /** A CSV file's lines as fields, the header first; a blank line as null. */
    private static List<String[]> csv(String text) {
        List<String[]> out = new ArrayList<>();
        for (String line : text.replace("\uFEFF", "").split("\r?\n", -1)) {
            out.add(line.isBlank() ? null : split(line));
        }
        return out;
    }

    /** Rows of fields, the column names first; row i (1-based, the names row 1) is {@code file + sep + i}. */
    private void rows(String file, List<String[]> rows, String sep) {
        String[] names = rows.get(0) == null ? new String[] {""} : rows.get(0);
        int[] columns = header(file + sep + 1, names);
        for (int i = 1; i < rows.size(); i++) {
            String[] fields = rows.get(i);
            if (fields == null) {
                continue;
            }
            String where = file + sep + (i + 1);
            if (fields.length != names.length) {
                throw new UserError(where + ": " + fields.length + " fields where the header has " + names.length
                        + " (\"" + String.join(",", fields) + "\"). Every line needs one value per column, comma-separated.");
            }
            String key = f.series().isEmpty() ? "" : fields[columns[columns.length - 1]];
            if (key.isEmpty() && !f.series().isEmpty()) {
                throw new UserError(where + ": column " + f.series() + " (forecast.series) is empty; every line names the "
                        + "series it belongs to. Fill it in or remove the line.");
            }
            add(key, new Day(where, date(where, fields, columns), values(where, fields, columns)));
        }
    }

    private int[] header(String where, String[] header) {
        List<String> names = Arrays.stream(header).map(String::trim).toList();
        List<String> wanted = new ArrayList<>(f.date());
        wanted.add(f.target());
        wanted.addAll(f.features());
        if (!f.series().isEmpty()) {
            wanted.add(f.series());
        }
        int[] out = new int[wanted.size()];
        for (int i = 0; i < wanted.size(); i++) {
            out[i] = names.indexOf(wanted.get(i));
            if (out[i] < 0) {
                String key = i < f.date().size() ? "forecast.date" : i == f.date().size() ? "forecast.target"
                        : i <= f.date().size() + f.features().size() ? "forecast.features" : "forecast.series";
                throw new UserError(where + ": the header has no column '" + wanted.get(i) + "' (" + key + "); its columns "
                        + "are " + String.join(", ", names) + ". Set " + key + " to the right column name.");
            }
        }
        return out;
    }

    /** Comma-separated fields, a field's surrounding double quotes removed. */
    private static String[] split(String line) {
        String[] out = line.split(",", -1);
        for (int i = 0; i < out.length; i++) {
            String v = out[i].trim();
            out[i] = v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
        }
        return out;
    }

    private LocalDate date(String where, String[] fields, int[] columns) {
        try {
            if (f.date().size() == 1) {
                return LocalDate.parse(fields[columns[0]]);
            }
            return LocalDate.of(Integer.parseInt(fields[columns[0]]), Integer.parseInt(fields[columns[1]]),
                    Integer.parseInt(fields[columns[2]]));
        } catch (DateTimeException | NumberFormatException e) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < f.date().size(); i++) {
                parts.add(f.date().get(i) + "=\"" + fields[columns[i]] + "\"");
            }
            throw new UserError(where + ": " + String.join(", ", parts) + " is not a date (" + (f.date().size() == 1
                    ? "write it yyyy-MM-dd" : "year, month and day as numbers") + "). Correct the line or remove it.");
        }
    }

    private double[] values(String where, String[] fields, int[] columns) {
        double[] out = new double[1 + f.features().size()];
        for (int i = 0; i < out.length; i++) {
            String column = i == 0 ? f.target() : f.features().get(i - 1);
            String raw = fields[columns[f.date().size() + i]];
            double v;
            try {
                v = raw.isEmpty() ? Double.NaN : Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                throw new UserError(where + ": column " + column + " holds \"" + raw + "\", not a number. Correct the value"
                        + " or remove the line (forecast.gaps = fill then interpolates the day).");
            }
            if (!Double.isFinite(v)) {
                throw new UserError(where + ": column " + column + " is " + (raw.isEmpty() ? "empty" : raw) + "; every "
                        + "value must be a finite number. Fill it in, or remove the line (forecast.gaps = fill then "
                        + "interpolates the day).");
            }
            if (i == 0 && f.log() && v <= 0) {
                throw new UserError(where + ": " + column + " = " + raw + " but forecast.log = true models log(" + column
                        + "), which needs values > 0. Set forecast.log = false or correct the value.");
            }
            out[i] = v;
        }
        return out;
    }

    private void add(String key, Day d) {
        List<Day> rows = days.computeIfAbsent(key, k -> new ArrayList<>());
        if (!rows.isEmpty()) {
            Day last = rows.get(rows.size() - 1);
            long gap = d.date().toEpochDay() - last.date().toEpochDay();
            String series = key.isEmpty() ? "" : " of series " + key;
            if (gap <= 0) {
                throw new UserError(d.where() + ": date " + d.date() + series + (gap == 0 ? " repeats " : " comes before ")
                        + last.where() + " (" + last.date() + "); a series has one line per date, in date order. "
                        + (gap == 0 ? "Remove the duplicate." : "Sort the file by date."));
            }
            if (!key.isEmpty() && rows.size() == 1) {
                steps.put(key, (int) gap);
            }
            int step = steps.getOrDefault(key, 1);
            if (gap % step != 0) {
                throw new UserError(d.where() + ": date " + d.date() + series + " follows " + last.date() + " ("
                        + last.where() + ") by " + gap + " days, but the series has a row every " + step + " days (its first "
                        + "two rows); a series is regular. Correct the date or remove the line.");
            }
            long missing = gap / step - 1;
            if (missing > 0 && f.gaps() == ForecastConfig.Gaps.REFUSE) {
                throw new UserError(d.where() + ": date " + d.date() + series + " follows " + last.date() + " (" + last.where()
                        + "): " + missing + (step == 1 ? " day(s)" : " row(s) of every " + step + " days") + " missing. Add "
                        + "them, or set forecast.gaps = fill to interpolate them.");
            }
            for (long k = 1; k <= missing; k++) {
                double[] v = new double[d.values().length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = last.values()[i] + (d.values()[i] - last.values()[i]) * k / (missing + 1);
                }
                rows.add(new Day(d.where() + " (filled)", last.date().plusDays(k * step), v));
                filled++;
            }
        }
        rows.add(d);
    }

    /** Every series read, checked to share one step (a model forecasts rows of one spacing). */
    private List<Series> series(String name, String source) {
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, List<Day>> e : days.entrySet()) {
            List<Day> rows = e.getValue();
            int step = steps.getOrDefault(e.getKey(), 1);
            if (!out.isEmpty() && out.get(0).step() != step) {
                throw new UserError(source + ": series " + e.getKey() + " has a row every " + step + " days (from "
                        + rows.get(0).where() + "), series " + out.get(0).name() + " every " + out.get(0).step() + "; the "
                        + "series of a set share one spacing. Split them into separate runs.");
            }
            int n = rows.size();
            float[] y = new float[n];
            float[][] extras = new float[f.features().size()][n];
            for (int t = 0; t < n; t++) {
                double[] v = rows.get(t).values();
                y[t] = (float) v[0];
                for (int k = 0; k < extras.length; k++) {
                    extras[k][t] = (float) v[k + 1];
                }
            }
            String label = e.getKey().isEmpty() ? name.toLowerCase(Locale.ROOT) : e.getKey();
            out.add(new Series(label, rows.get(0).date(), step, y, f.features(), extras));
        }
        return out;
    }
}
