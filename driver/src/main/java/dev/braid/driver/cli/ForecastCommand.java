package dev.braid.driver.cli;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.config.DataConfig;
import dev.braid.driver.data.SeriesReader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.workload.ForecastJob;
import dev.braid.driver.workload.SavedForecast;
import dev.braid.worker.forecast.Series;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code braid forecast}: a forecaster's next days after the last day of a series, as CSV. */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Forecast the days after a series' last day with a trained forecaster, with prediction intervals.",
        footer = {"", "Example (the 14 days after the series' last, with 90% intervals):",
                "  scripts/braid forecast --model runs/births-20261207-070021/model --data datasets/us-births/births.csv \\",
                "      --output births-forecast.csv"})
final class ForecastCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (a forecasting run's model/).")
    String model;

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "The series (CSV, local or HDFS; a file, directory or pattern), in the columns the model was trained on.")
    String data;

    @Option(names = "--format", paramLabel = "F", description = "csv or parquet (default: the model's data.format).")
    String format;

    @Option(names = "--horizon", paramLabel = "H", description = "Days to forecast (at most the model's forecast.horizon; default: that).")
    Integer horizon;

    @Option(names = "--coverage", defaultValue = "0.9", paramLabel = "P",
            description = "Prediction intervals' coverage (default: ${DEFAULT-VALUE}).")
    double coverage;

    @Option(names = "--output", paramLabel = "PATH", description = "Output CSV file (default: stdout).")
    String output;

    @Option(names = "--overwrite", description = "Replace --output if it exists.")
    boolean overwrite;

    @Override public Integer call() {
        Fs fs = Fs.local();
        if (!fs.hasDocuments(data)) {
            throw new UserError("--data " + data + " does not exist (or, as a pattern, matches nothing). Give the series file.");
        }
        Path out = output == null ? null : fs.outputFile(output, "--output", overwrite, data);
        SavedModel saved = new ModelStore(fs).load(model);
        BraidConfig cfg = ConfigLoader.fromRendered(saved.config(), model + "/config.conf").config();
        if (cfg.workload() != BraidConfig.Workload.FORECAST) {
            throw new UserError("Model " + model + " was trained with workload = " + cfg.workload().name().toLowerCase(Locale.ROOT)
                    + "; braid forecast needs a forecaster's model (workload = forecast).");
        }
        SavedForecast meta = SavedForecast.of(saved, model);
        int h = horizon == null ? cfg.forecast().horizon() : horizon;
        if (h < 1 || h > cfg.forecast().horizon()) {
            throw new UserError("--horizon " + h + ": the model forecasts 1 to " + cfg.forecast().horizon() + " days at once "
                    + "(its forecast.horizon). Give a horizon in that range, or train a model of a longer horizon.");
        }
        if (!(coverage > 0 && coverage < 1)) {
            throw new UserError("--coverage " + coverage + " must lie strictly between 0 and 1, e.g. 0.9 for 90% intervals.");
        }
        boolean parquet = format == null ? cfg.data().format() == DataConfig.Format.PARQUET : switch (format) {
            case "parquet" -> true;
            case "csv" -> false;
            default -> throw new UserError("--format " + format + " is not a series format; use csv or parquet.");
        };
        List<Series> all = SeriesReader.read(fs, cfg.forecast(), "data", List.of(data), parquet).all();
        boolean set = !cfg.forecast().series().isEmpty();
        StringBuilder csv = new StringBuilder((set ? "series," : "") + "date,horizon,forecast,lower,upper\n");
        List<String> notes = new ArrayList<>();
        for (Series s : all) {
            ForecastJob.Result r = ForecastJob.run(saved, cfg.forecast(), meta.scaling(s.name(), model), s, h, coverage);
            for (ForecastJob.Row row : r.rows()) {
                csv.append(String.format(Locale.ROOT, "%s%s,%d,%.2f,%s,%s%n", set ? s.name() + "," : "", row.day(), row.h(),
                        row.forecast(), num(row.lower()), num(row.upper())));
            }
            notes.add((set ? "series " + s.name() + ": " : "") + note(cfg, meta, s, r, h));
        }
        if (out == null) {
            System.out.print(csv);
        } else {
            fs.writeAtomically(out, csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        notes.forEach(System.err::println);
        return 0;
    }

    /** What the forecast of {@code s} is and where its intervals come from. */
    private String note(BraidConfig cfg, SavedForecast meta, Series s, ForecastJob.Result r, int h) {
        String last = s.day(s.days() - 1).toString();
        String unit = s.step() == 1 ? "days" : "rows (every " + s.step() + " days)";
        if (r.backtestOrigins() == 0) {
            return String.format(Locale.ROOT, "forecast %d %s after %s; no intervals: fewer than 30 rows of the series have "
                    + "a full window before them and %d known rows after", h, unit, last, cfg.forecast().horizon());
        }
        String first = s.day(s.days() - cfg.forecast().horizon() - r.backtestOrigins()).toString();
        return String.format(Locale.ROOT, "forecast %d %s after %s; %.0f%% intervals from the model's errors forecasting "
                + "from the %d %s from %s%s", h, unit, last, 100 * coverage, r.backtestOrigins(), s.step() == 1 ? "days" : "rows",
                first, first.compareTo(meta.lastTrainingDay()) <= 0 ? " (warning: some of those were trained on, up to "
                        + meta.lastTrainingDay() + ", so the intervals are narrower than they should be)" : "");
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", v);
    }
}
