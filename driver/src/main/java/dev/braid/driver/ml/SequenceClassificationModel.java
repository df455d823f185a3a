package dev.braid.driver.ml;

import dev.braid.driver.io.SavedModel;
import dev.braid.driver.workload.SavedClassifier;
import dev.braid.worker.classify.DocumentEncoder;
import dev.braid.worker.classify.DocumentScorer;
import dev.braid.worker.classify.LabelledBatches.Example;
import dev.braid.worker.data.Vocabulary;
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
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * A trained {@link SequenceClassifier}: appends to each row the probabilities of labels 0 and 1
 * ({@code probabilityCol}, a vector) and the predicted label ({@code outputCol}). The rows of a partition are
 * scored together in batches of similar lengths, the model broadcast once and built once per partition.
 * Saved as Spark ML metadata plus Braid's model directory ({@code PATH/braid}, as {@code braid classify}
 * reads it).
 */
public final class SequenceClassificationModel extends Model<SequenceClassificationModel>
        implements ClassifierParams<SequenceClassificationModel>, MLWritable {
    private static final long serialVersionUID = 1L;
    /** Rows of a scoring batch; a partition is scored this many thousand rows at a time. */
    private static final int ROWS = 64;
    private static final int CHUNK = 4096;
    private final String uid;
    private final ClassifierParams.Fields p;
    private final SavedModel model;
    private transient Broadcast<Scoring> broadcast;

    /** What a task needs to score rows. */
    private record Scoring(ModelSpec spec, float[] params, DocumentEncoder encoder, Vocabulary vocabulary)
            implements Serializable {
    }

    SequenceClassificationModel(String uid, SavedModel model) {
        this.uid = uid;
        this.p = new ClassifierParams.Fields(this);
        this.model = model;
    }

    @Override public String uid() {
        return uid;
    }

    @Override public ClassifierParams.Fields fields() {
        return p;
    }

    @Override public SequenceClassificationModel self() {
        return this;
    }

    /** The Braid model inside (spec, vocabulary, parameters, the classifier's files). */
    public SavedModel braidModel() {
        return model;
    }

    @Override public StructType transformSchema(StructType schema) {
        checkInput(schema);
        return outputSchema(schema);
    }

    @Override public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        // kept while the model lives: a DataFrame transformed by it may be recomputed at any time
        if (broadcast == null) {
            SavedClassifier meta = SavedClassifier.of(model, "the model of " + uid);
            DocumentEncoder e = meta.encoder();
            DocumentEncoder encoder = isString(dataset.schema()) ? new DocumentEncoder(DocumentEncoder.Tokens.WORDS,
                    e.lowercase(), e.maxLength(), e.truncation()) : e;
            broadcast = sc.broadcast(new Scoring(model.spec(), model.params(), encoder, model.vocabulary("tokens")));
        }
        Broadcast<Scoring> b = broadcast;
        int input = dataset.schema().fieldIndex(value(p.inputCol));
        boolean text = isString(dataset.schema());
        double threshold = value(p.threshold);
        JavaRDD<Row> rows = dataset.toDF().javaRDD().mapPartitions(it -> score(b.value(), it, input, text, threshold));
        return dataset.sparkSession().createDataFrame(rows, out);
    }

    private static Iterator<Row> score(Scoring s, Iterator<Row> rows, int input, boolean text, double threshold) {
        StackModel m = s.spec().build(Precision.FLOAT);
        m.params().setAll(s.params());
        DocumentScorer scorer = new DocumentScorer(m, ROWS);
        List<Row> out = new ArrayList<>();
        List<Row> chunk = new ArrayList<>();
        while (rows.hasNext() || !chunk.isEmpty()) {
            if (rows.hasNext() && chunk.size() < CHUNK) {
                chunk.add(rows.next());
                continue;
            }
            List<Example> docs = new ArrayList<>();
            for (Row r : chunk) {
                String words = r.isNullAt(input) ? "" : text ? r.getString(input) : String.join(" ", r.<String>getList(input));
                docs.add(new Example("", -1, s.encoder().encode(s.vocabulary(), words)));
            }
            double[] p = scorer.probabilities(docs);
            for (int i = 0; i < p.length; i++) {
                Object[] values = new Object[chunk.get(i).length() + 2];
                for (int j = 0; j < chunk.get(i).length(); j++) {
                    values[j] = chunk.get(i).get(j);
                }
                values[values.length - 2] = Vectors.dense(1 - p[i], p[i]);
                values[values.length - 1] = p[i] >= threshold ? 1.0 : 0.0;
                out.add(RowFactory.create(values));
            }
            chunk.clear();
        }
        return out.iterator();
    }

    @Override public SequenceClassificationModel copy(ParamMap extra) {
        return copyValues(new SequenceClassificationModel(uid, model), extra).setParent(parent());
    }

    @Override public MLWriter write() {
        return StageRuns.writer(this, model);
    }

    /** For {@code PipelineModel.load} (found by reflection) and {@link #load}. */
    public static MLReader<SequenceClassificationModel> read() {
        return new Reader();
    }

    public static SequenceClassificationModel load(String path) {
        return read().load(path);
    }

    private static final class Reader extends MLReader<SequenceClassificationModel> {
        @Override public SequenceClassificationModel load(String path) {
            return StageRuns.load(path, sc(), SequenceClassificationModel.class, SequenceClassificationModel::new);
        }
    }
}
