package dev.braid.driver.ml;

import dev.braid.driver.io.SavedModel;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.Sampler;
import dev.braid.worker.infer.StreamEvaluator;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.StackModel;
import java.io.Serializable;
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
 * A trained {@link LanguageModel}: {@link #transform} appends each row's bits per character (its text read
 * from a zero state after a line break, every character predicted; NaN for an empty or null row), scored in
 * Spark tasks over the broadcast model; {@link #sample} continues a prime. Saved as Spark ML metadata plus
 * Braid's model directory ({@code PATH/braid}, as {@code braid generate} and {@code braid evaluate} read it).
 */
public final class TrainedLanguageModel extends Model<TrainedLanguageModel>
        implements LanguageModelParams<TrainedLanguageModel>, MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final LanguageModelParams.Fields p;
    private final SavedModel model;
    private transient Broadcast<Scoring> broadcast;

    private record Scoring(ModelSpec spec, float[] params, Vocabulary vocabulary, int seqLength) implements Serializable {
    }

    TrainedLanguageModel(String uid, SavedModel model) {
        this.uid = uid;
        this.p = new LanguageModelParams.Fields(this);
        this.model = model;
    }

    @Override public String uid() {
        return uid;
    }

    @Override public LanguageModelParams.Fields fields() {
        return p;
    }

    @Override public TrainedLanguageModel self() {
        return this;
    }

    /** The Braid model inside. */
    public SavedModel braidModel() {
        return model;
    }

    static StructType outputSchema(StructType schema, String output) {
        if (List.of(schema.fieldNames()).contains(output)) {
            throw new IllegalArgumentException("outputCol '" + output + "' is already a column; set outputCol to a new name.");
        }
        return schema.add(output, DataTypes.DoubleType, false);
    }

    @Override public StructType transformSchema(StructType schema) {
        checkText(schema);
        return outputSchema(schema, value(p.outputCol));
    }

    @Override public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        if (broadcast == null) { // kept while the model lives: a transformed DataFrame may be recomputed at any time
            broadcast = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext()).broadcast(
                    new Scoring(model.spec(), model.params(), model.vocabulary("tokens"), value(p.seqLength)));
        }
        Broadcast<Scoring> b = broadcast;
        int column = dataset.schema().fieldIndex(value(p.inputCol));
        JavaRDD<Row> rows = dataset.toDF().javaRDD().mapPartitions(it -> score(b.value(), it, column));
        return dataset.sparkSession().createDataFrame(rows, out);
    }

    private static Iterator<Row> score(Scoring s, Iterator<Row> rows, int column) {
        StackModel m = s.spec().build(Precision.FLOAT);
        m.params().setAll(s.params());
        List<Row> out = new ArrayList<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            String text = r.isNullAt(column) ? "" : r.getString(column);
            double bits = text.isEmpty() ? Double.NaN
                    : StreamEvaluator.evaluate(m, s.vocabulary().encodeChars("\n" + text), 1, s.seqLength()).bitsPerToken();
            Object[] values = new Object[r.length() + 1];
            for (int j = 0; j < r.length(); j++) {
                values[j] = r.get(j);
            }
            values[r.length()] = bits;
            out.add(RowFactory.create(values));
        }
        return out.iterator();
    }

    /** {@code length} characters sampled after {@code prime} at {@code temperature}, seeded by {@code seed}. */
    public String sample(String prime, int length, double temperature, long seed) {
        StackModel m = model.buildLanguageModel("the model of " + uid);
        return Sampler.sample(m, model.vocabulary("tokens"), prime, length, temperature, seed);
    }

    @Override public TrainedLanguageModel copy(ParamMap extra) {
        return copyValues(new TrainedLanguageModel(uid, model), extra).setParent(parent());
    }

    @Override public MLWriter write() {
        return StageRuns.writer(this, model);
    }

    public static MLReader<TrainedLanguageModel> read() {
        return new MLReader<>() {
            @Override public TrainedLanguageModel load(String path) {
                return StageRuns.load(path, sc(), TrainedLanguageModel.class, TrainedLanguageModel::new);
            }
        };
    }

    public static TrainedLanguageModel load(String path) {
        return read().load(path);
    }
}
