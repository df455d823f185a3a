package dev.braid.driver.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.workload.ForecastWorkload;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * A forecaster as a Spark ML {@code Estimator}: the days of {@code dateCol} and values of {@code inputCol}
 * (a set of series with {@code seriesCol}) train Braid's forecasting run — a recurrent stack forecasting the
 * next {@code horizon} days at every day of a window, the calendar inputs asked for, each series scaled on
 * its own — on the days before {@code testFrom} (by default the last {@code validationSplit} of the span is
 * held out), scored over a rolling origin on the days from it (the run's report). The rows are written as
 * one CSV file, in date order, beside the run ({@code RUN.input/series}) and read with the checks of
 * {@code braid train} (a missing, repeated or out-of-order day is refused). The model forecasts the days
 * after a history ({@link TrainedForecaster}).
 */
public final class SequenceForecaster extends Estimator<TrainedForecaster>
        implements ForecasterParams<SequenceForecaster>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final ForecasterParams.Fields p;

    public SequenceForecaster() {
        this(Identifiable$.MODULE$.randomUID("braidSequenceForecaster"));
    }

    public SequenceForecaster(String uid) {
        this.uid = uid;
        this.p = new ForecasterParams.Fields(this);
    }

    @Override public String uid() {
        return uid;
    }

    @Override public ForecasterParams.Fields fields() {
        return p;
    }

    @Override public SequenceForecaster self() {
        return this;
    }

    @Override public StructType transformSchema(StructType schema) {
        checkColumns(schema);
        return TrainedForecaster.outputSchema(this);
    }

    /** The columns the run reads, as the CSV file's: date (yyyy-MM-dd), value and (for a set) series. */
    static Dataset<Row> projected(ForecasterParams<?> params, Dataset<?> dataset) {
        List<Column> cols = new ArrayList<>(List.of(date_format(col(params.value(params.dateCol())), "yyyy-MM-dd").as("date"),
                col(params.value(params.inputCol())).cast("double").as("value")));
        String series = params.value(params.seriesCol());
        if (!series.isEmpty()) {
            cols.add(col(series).cast("string").as("series"));
        }
        Dataset<Row> rows = dataset.select(cols.toArray(new Column[0]));
        return series.isEmpty() ? rows.orderBy("date") : rows.orderBy("date", "series");
    }

    @Override public TrainedForecaster fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        Fs fs = new Fs(sc.hadoopConfiguration());
        String dir = StageRuns.runDirectory(value(p.runDir), uid);
        Path input = StageRuns.input(fs, dir);
        Dataset<Row> rows = projected(this, dataset);
        Path csv = new Path(input, "series");
        rows.coalesce(1).write().option("header", "true").csv(csv.toString());
        ConfigLoader.Loaded cfg = ConfigLoader.load(null, overrides(csv, testFrom(rows)));
        SavedModel model = StageRuns.train(sc, cfg, out -> new ForecastWorkload(cfg.config(), out), dir, value(p.verbose));
        return copyValues(new TrainedForecaster(uid, model).setParent(this), extractParamMap());
    }

    /** {@code testFrom}, or the day the last {@code validationSplit} of the span starts. */
    private String testFrom(Dataset<Row> rows) {
        String given = value(p.testFrom);
        if (!given.isEmpty()) {
            return given;
        }
        double held = value(p.validationSplit);
        if (held == 0) {
            throw new IllegalArgumentException("validationSplit = 0 and no testFrom: a forecaster is scored after training "
                    + "on the days from testFrom; set testFrom (yyyy-MM-dd) or validationSplit > 0.");
        }
        Row span = rows.agg(functions.min("date"), functions.max("date")).first();
        LocalDate first = LocalDate.parse(span.getString(0));
        long days = ChronoUnit.DAYS.between(first, LocalDate.parse(span.getString(1)));
        return first.plusDays(Math.round((1 - held) * days)).toString();
    }

    private List<String> overrides(Path csv, String from) {
        int window = value(p.window);
        String stack = String.format(java.util.Locale.ROOT, "[{type = features, name = in, width = 0}, {type = recurrent, "
                + "name = rnn0, cell = %s, hidden = %d, dropout = %s}]", value(p.cell), (int) value(p.hiddenSize),
                value(p.dropout));
        List<String> out = new ArrayList<>(trainingOverrides());
        out.addAll(List.of("name = sequence-forecaster", "workload = forecast", "data.format = csv",
                "data.train = \"" + csv + "\"", "data.test = \"" + csv + "\"", "forecast.date = [date]",
                "forecast.target = value", "forecast.series = " + (((String) value(p.seriesCol)).isEmpty() ? "\"\"" : "series"),
                "forecast.horizon = " + value(p.horizon), "forecast.window = " + window, "forecast.testFrom = \"" + from + "\"",
                "forecast.calendar = [" + String.join(", ", (String[]) value(p.calendar)) + "]",
                "forecast.log = " + value(p.logTarget), "forecast.gbt = false", "model.stack = " + stack,
                "model.head = {type = regression, name = out, outputs = 0, loss = mse, stepWeights {skipFirst = "
                        + Math.min(28, window / 4) + "}}", "training.stateful = false"));
        return out;
    }

    @Override public SequenceForecaster copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<SequenceForecaster> read() {
        return new DefaultParamsReader<>();
    }

    public static SequenceForecaster load(String path) {
        return read().load(path);
    }
}
