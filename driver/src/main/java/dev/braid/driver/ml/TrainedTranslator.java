package dev.braid.driver.ml;

import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.workload.TranslateJob;
import dev.braid.worker.infer.TextTranslator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
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
 * A trained {@link Seq2SeqTranslator}: appends the translation of each row's {@code inputCol}
 * ({@code outputCol}; beam search of width {@code beam}, the model's length penalty; an empty or null source
 * gives an empty translation), the rows of a partition decoded in chunks over the broadcast model, as
 * {@code braid translate} decodes a file. Saved as Spark ML metadata plus Braid's model directory
 * ({@code PATH/braid}, which {@code braid translate} reads too).
 */
public final class TrainedTranslator extends Model<TrainedTranslator> implements TranslatorParams<TrainedTranslator>,
        MLWritable {
    private static final long serialVersionUID = 1L;
    private static final int CHUNK = 256;
    private final String uid;
    private final TranslatorParams.Fields p;
    private final SavedModel model;
    private transient Broadcast<TranslateJob.Payload> broadcast;
    private transient int broadcastBeam;

    TrainedTranslator(String uid, SavedModel model) {
        this.uid = uid;
        this.p = new TranslatorParams.Fields(this);
        this.model = model;
    }

    @Override public String uid() {
        return uid;
    }

    @Override public TranslatorParams.Fields fields() {
        return p;
    }

    @Override public TrainedTranslator self() {
        return this;
    }

    /** The Braid model inside. */
    public SavedModel braidModel() {
        return model;
    }

    static StructType outputSchema(TranslatorParams<?> params, StructType schema) {
        params.checkString(schema, params.inputCol());
        String output = params.value(params.outputCol());
        if (List.of(schema.fieldNames()).contains(output)) {
            throw new IllegalArgumentException("outputCol '" + output + "' is already a column; set outputCol to a new name.");
        }
        return schema.add(output, DataTypes.StringType, false);
    }

    @Override public StructType transformSchema(StructType schema) {
        return outputSchema(this, schema);
    }

    @Override public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        int beam = value(p.beam);
        if (broadcast == null || broadcastBeam != beam) { // kept while the model lives: a result may be recomputed
            BraidConfig cfg = ConfigLoader.fromRendered(model.config(), "the model of " + uid).config();
            TextTranslator.Options options = new TextTranslator.Options(cfg.sourceEncoder(model.vocabulary("source")),
                    cfg.seq2seq().targetTokens(), cfg.decode(beam, 1));
            broadcast = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext())
                    .broadcast(TranslateJob.payload(model, "the model of " + uid, options));
            broadcastBeam = beam;
        }
        Broadcast<TranslateJob.Payload> b = broadcast;
        int column = dataset.schema().fieldIndex(value(p.inputCol));
        JavaRDD<Row> rows = dataset.toDF().javaRDD().mapPartitions(it -> translate(b.value(), it, column));
        return dataset.sparkSession().createDataFrame(rows, out);
    }

    private static Iterator<Row> translate(TranslateJob.Payload payload, Iterator<Row> rows, int column) {
        TextTranslator translator = payload.translator();
        List<Row> out = new ArrayList<>();
        List<Row> chunk = new ArrayList<>();
        while (rows.hasNext() || !chunk.isEmpty()) {
            if (rows.hasNext() && chunk.size() < CHUNK) {
                chunk.add(rows.next());
                continue;
            }
            List<String> sources = chunk.stream().map(r -> r.isNullAt(column) ? "" : r.getString(column)).toList();
            List<TextTranslator.Line> done = translator.translate(sources, 0);
            for (int i = 0; i < chunk.size(); i++) {
                Row r = chunk.get(i);
                Object[] values = new Object[r.length() + 1];
                for (int j = 0; j < r.length(); j++) {
                    values[j] = r.get(j);
                }
                values[r.length()] = done.get(i).text();
                out.add(RowFactory.create(values));
            }
            chunk.clear();
        }
        return out.iterator();
    }

    @Override public TrainedTranslator copy(ParamMap extra) {
        return copyValues(new TrainedTranslator(uid, model), extra).setParent(parent());
    }

    @Override public MLWriter write() {
        return StageRuns.writer(this, model);
    }

    public static MLReader<TrainedTranslator> read() {
        return new MLReader<>() {
            @Override public TrainedTranslator load(String path) {
                return StageRuns.load(path, sc(), TrainedTranslator.class, TrainedTranslator::new);
            }
        };
    }

    public static TrainedTranslator load(String path) {
        return read().load(path);
    }
}
