package dev.braid.driver.ml;

import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.data.SeriesReader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.workload.ForecastJob;
import dev.braid.driver.workload.SavedForecast;
import dev.braid.worker.forecast.Series;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained {@link SequenceForecaster}: {@link #transform} takes a history (the columns it was trained on)
 * and gives, for each series, the next {@code horizon} days after its last day — {@code date},
 * {@code horizon}, the forecast ({@code outputCol}) and a prediction interval of {@code coverage} from the
 * model's own errors on the series' last year ({@code lower}, {@code upper}; null where the history is too
 * short) — as {@code braid forecast} does. A series is a short table, so the history is brought to the driver
 * and read with {@code braid forecast}'s checks. Saved as Spark ML metadata plus Braid's model directory.
 */
public final class TrainedForecaster extends Model<TrainedForecaster> implements ForecasterParams<TrainedForecaster>,
        MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final ForecasterParams.Fields p;
    private final SavedModel model;

    TrainedForecaster(String uid, SavedModel model) {
        this.uid = uid;
        this.p = new ForecasterParams.Fields(this);
        this.model = model;
    }

    @Override public String uid() {
        return uid;
    }

    @Override public ForecasterParams.Fields fields() {
        return p;
    }

    @Override public TrainedForecaster self() {
        return this;
    }

    /** The Braid model inside. */
    public SavedModel braidModel() {
        return model;
    }

    static StructType outputSchema(ForecasterParams<?> params) {
        StructType out = new StructType();
        if (!((String) params.value(params.seriesCol())).isEmpty()) {
            out = out.add((String) params.value(params.seriesCol()), DataTypes.StringType, false);
        }
        return out.add("date", DataTypes.StringType, false).add("horizon", DataTypes.IntegerType, false)
                .add((String) params.value(params.outputCol()), DataTypes.DoubleType, false)
                .add("lower", DataTypes.DoubleType, true).add("upper", DataTypes.DoubleType, true);
    }

    @Override public StructType transformSchema(StructType schema) {
        checkColumns(schema);
        return outputSchema(this);
    }

    @Override public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        BraidConfig cfg = ConfigLoader.fromRendered(model.config(), "the model of " + uid).config();
        SavedForecast meta = SavedForecast.of(model, "the model of " + uid);
        boolean set = !((String) value(p.seriesCol)).isEmpty();
        List<Series> all = SeriesReader.read(Fs.local(), cfg.forecast(), "history",
                List.of(history(SequenceForecaster.projected(this, dataset), set)), false).all();
        List<Row> rows = new ArrayList<>();
        for (Series s : all) {
            ForecastJob.Result r = ForecastJob.run(model, cfg.forecast(), meta.scaling(s.name(), "the model of " + uid), s,
                    cfg.forecast().horizon(), value(p.coverage));
            for (ForecastJob.Row f : r.rows()) {
                List<Object> values = new ArrayList<>();
                if (set) {
                    values.add(s.name());
                }
                values.addAll(List.of(f.day().toString(), f.h(), f.forecast()));
                values.add(Double.isNaN(f.lower()) ? null : f.lower());
                values.add(Double.isNaN(f.upper()) ? null : f.upper());
                rows.add(RowFactory.create(values.toArray()));
            }
        }
        return dataset.sparkSession().createDataFrame(rows, out);
    }

    /** The history as a local CSV file of the columns the model reads (a temporary file, deleted at exit). */
    private static String history(Dataset<Row> rows, boolean set) {
        StringBuilder csv = new StringBuilder(set ? "date,value,series\n" : "date,value\n");
        for (Row r : rows.collectAsList()) {
            csv.append(r.getString(0)).append(',').append(r.isNullAt(1) ? "" : Double.toString(r.getDouble(1)));
            if (set) {
                csv.append(',').append(r.getString(2));
            }
            csv.append('\n');
        }
        try {
            java.nio.file.Path file = Files.createTempFile("braid-history-", ".csv");
            file.toFile().deleteOnExit();
            Files.writeString(file, csv, StandardCharsets.UTF_8);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history to a temporary file", e);
        }
    }

    @Override public TrainedForecaster copy(ParamMap extra) {
        return copyValues(new TrainedForecaster(uid, model), extra).setParent(parent());
    }

    @Override public MLWriter write() {
        return StageRuns.writer(this, model);
    }

    public static MLReader<TrainedForecaster> read() {
        return new MLReader<>() {
            @Override public TrainedForecaster load(String path) {
                return StageRuns.load(path, sc(), TrainedForecaster.class, TrainedForecaster::new);
            }
        };
    }

    public static TrainedForecaster load(String path) {
        return read().load(path);
    }
}
