package dev.braid.driver.ml;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.workload.CharLmWorkload;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A character language model as a Spark ML {@code Estimator}: the text of {@code inputCol}, the rows in the
 * DataFrame's order as consecutive lines, trains Braid's stateful char-LM (a stack of LSTM/GRU layers, the
 * state carried from segment to segment, W x B consecutive streams, parameter averaging). The rows are
 * written as text beside the run ({@code RUN.input/train}, and the {@code validationSplit} held out, by a
 * seeded hash of the row index, in {@code RUN.input/validation}, scored after training in bits per
 * character: the run's report). The model scores rows and samples text ({@link TrainedLanguageModel}).
 */
public final class LanguageModel extends Estimator<TrainedLanguageModel>
        implements LanguageModelParams<LanguageModel>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final LanguageModelParams.Fields p;

    public LanguageModel() {
        this(Identifiable$.MODULE$.randomUID("braidLanguageModel"));
    }

    public LanguageModel(String uid) {
        this.uid = uid;
        this.p = new LanguageModelParams.Fields(this);
    }

    @Override public String uid() {
        return uid;
    }

    @Override public LanguageModelParams.Fields fields() {
        return p;
    }

    @Override public LanguageModel self() {
        return this;
    }

    @Override public StructType transformSchema(StructType schema) {
        checkText(schema);
        return TrainedLanguageModel.outputSchema(schema, value(p.outputCol));
    }

    @Override public TrainedLanguageModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        double held = value(p.validationSplit);
        if (held == 0) {
            throw new IllegalArgumentException("validationSplit = 0: a language model is scored on held-out rows after "
                    + "training (the run's report); set validationSplit > 0, e.g. 0.1.");
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        Fs fs = new Fs(sc.hadoopConfiguration());
        String dir = StageRuns.runDirectory(value(p.runDir), uid);
        Path input = StageRuns.input(fs, dir);
        int column = dataset.schema().fieldIndex(value(p.inputCol));
        StageRuns.writeSplit(dataset.toDF().javaRDD().filter(r -> !r.isNullAt(column)).map(r -> r.getString(column)),
                input, value(p.randomSeed), held);
        ConfigLoader.Loaded cfg = ConfigLoader.load(null, overrides(input));
        SavedModel model = StageRuns.train(sc, cfg, out -> new CharLmWorkload(cfg.config(), out), dir, value(p.verbose));
        return copyValues(new TrainedLanguageModel(uid, model).setParent(this), extractParamMap());
    }

    private List<String> overrides(Path input) {
        List<String> out = new ArrayList<>(trainingOverrides());
        out.addAll(List.of("name = language-model", "workload = char-lm", "data.format = text",
                "data.train = \"" + new Path(input, "train") + "\"", "data.test = \"" + new Path(input, "validation") + "\"",
                "data.vocabulary.maxSize = " + value(p.vocabularySize), "model.cell = " + value(p.cell),
                "model.embedding = " + value(p.embeddingDim), "model.hidden = " + value(p.hiddenSize),
                "model.layers = " + value(p.layers), "model.dropout = " + value(p.dropout),
                "training.seqLength = " + value(p.seqLength), "training.stateful = true", "eval.sampleLength = 200"));
        return out;
    }

    @Override public LanguageModel copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<LanguageModel> read() {
        return new DefaultParamsReader<>();
    }

    public static LanguageModel load(String path) {
        return read().load(path);
    }
}
