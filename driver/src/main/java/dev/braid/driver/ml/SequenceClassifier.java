package dev.braid.driver.ml;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.data.MailCorpus.Doc;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.workload.ClassifyWorkload;
import dev.braid.driver.workload.MailSplit;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A sequence classifier as a Spark ML {@code Estimator}: the tokens of {@code inputCol} (an array of strings,
 * e.g. a {@code RegexTokenizer}'s output, or a string cut into words) and the 0/1 {@code labelCol} train a
 * stack of an embedding, a bidirectional recurrent layer, a pool and a sigmoid head, data-parallel over
 * {@code workers} Spark tasks by Braid's round loop (parameter averaging, checkpoints, the epoch of the lowest
 * validation loss kept). The run is written to {@code runDir} (default: a new temporary directory); fitting
 * again with a {@code runDir} that holds an interrupted run resumes it.
 */
public final class SequenceClassifier extends Estimator<SequenceClassificationModel>
        implements ClassifierParams<SequenceClassifier>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final ClassifierParams.Fields p;

    public SequenceClassifier() {
        this(Identifiable$.MODULE$.randomUID("braidSequenceClassifier"));
    }

    public SequenceClassifier(String uid) {
        this.uid = uid;
        this.p = new ClassifierParams.Fields(this);
    }

    @Override public String uid() {
        return uid;
    }

    @Override public ClassifierParams.Fields fields() {
        return p;
    }

    @Override public SequenceClassifier self() {
        return this;
    }

    @Override public StructType transformSchema(StructType schema) {
        checkInput(schema);
        checkLabel(schema);
        return outputSchema(schema);
    }

    @Override public SequenceClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        ConfigLoader.Loaded cfg = ConfigLoader.load(null, overrides(isString(dataset.schema())));
        int input = dataset.schema().fieldIndex(value(p.inputCol));
        int label = dataset.schema().fieldIndex(value(p.labelCol));
        boolean text = isString(dataset.schema());
        String labelName = value(p.labelCol);
        JavaRDD<Doc> docs = dataset.toDF().javaRDD().zipWithIndex().map(t -> doc(t._1(), t._2(), input, label, text,
                labelName));
        long seed = value(p.randomSeed);
        double validation = value(p.validationSplit);
        ClassifyWorkload.Documents rows = new ClassifyWorkload.Documents() {
            @Override public Map<String, String> inputs() {
                return Map.of();
            }

            @Override public void preflight(Fs fs) {
            }

            @Override public MailSplit read(JavaSparkContext context, Fs fs, String train) {
                return MailSplit.given(List.of("0", "1"), docs, seed, validation);
            }
        };
        SavedModel model = StageRuns.train(sc, cfg, out -> new ClassifyWorkload(cfg.config(), out, rows),
                StageRuns.runDirectory(value(p.runDir), uid), value(p.verbose));
        return copyValues(new SequenceClassificationModel(uid, model).setParent(this), extractParamMap());
    }

    /** One row as a document: its tokens joined by spaces (or its text), its 0/1 label, named by its index. */
    private static Doc doc(Row row, long index, int input, int label, boolean text, String labelName) {
        double y = row.isNullAt(label) ? Double.NaN : ((Number) row.get(label)).doubleValue();
        if (y != 0 && y != 1) {
            throw new IllegalArgumentException("labelCol " + labelName + " holds " + (row.isNullAt(label) ? "null" : y)
                    + " in row " + index + "; a binary classifier reads labels 0 and 1. Map the classes to 0 and 1 (e.g. "
                    + "with StringIndexer).");
        }
        String words = text ? row.getString(input) : String.join(" ", row.<String>getList(input));
        return new Doc(String.format(java.util.Locale.ROOT, "row-%012d", index), (int) y, words == null ? "" : words);
    }

    @Override public SequenceClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** For {@code Pipeline} persistence (found by reflection) and {@code SequenceClassifier.load(path)}. */
    public static MLReader<SequenceClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static SequenceClassifier load(String path) {
        return read().load(path);
    }
}
