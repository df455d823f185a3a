package dev.braid.driver.ml;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.workload.Seq2SeqWorkload;
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
 * An attention encoder-decoder as a Spark ML {@code Estimator}: the pairs of {@code inputCol} (source) and
 * {@code targetCol} train Braid's seq2seq run (a bidirectional encoder, bridged decoder, Luong or Bahdanau
 * attention, length-bucketed batches dealt by token count, model selection on the held-out
 * {@code validationSplit} of the rows, early stopping after {@code patience} epochs). The rows are written as
 * TSV beside the run ({@code RUN.input/train}, {@code RUN.input/validation}; tabs and line breaks in a text
 * become spaces). The model translates a column ({@link TrainedTranslator}).
 */
public final class Seq2SeqTranslator extends Estimator<TrainedTranslator>
        implements TranslatorParams<Seq2SeqTranslator>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final TranslatorParams.Fields p;

    public Seq2SeqTranslator() {
        this(Identifiable$.MODULE$.randomUID("braidSeq2SeqTranslator"));
    }

    public Seq2SeqTranslator(String uid) {
        this.uid = uid;
        this.p = new TranslatorParams.Fields(this);
    }

    @Override public String uid() {
        return uid;
    }

    @Override public TranslatorParams.Fields fields() {
        return p;
    }

    @Override public Seq2SeqTranslator self() {
        return this;
    }

    @Override public StructType transformSchema(StructType schema) {
        checkString(schema, p.targetCol);
        return TrainedTranslator.outputSchema(this, schema);
    }

    @Override public TrainedTranslator fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        double held = value(p.validationSplit);
        if (held == 0) {
            throw new IllegalArgumentException("validationSplit = 0: an encoder-decoder picks its epoch on held-out rows; "
                    + "set validationSplit > 0, e.g. 0.05.");
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        Fs fs = new Fs(sc.hadoopConfiguration());
        String dir = StageRuns.runDirectory(value(p.runDir), uid);
        Path input = StageRuns.input(fs, dir);
        int source = dataset.schema().fieldIndex(value(p.inputCol));
        int target = dataset.schema().fieldIndex(value(p.targetCol));
        StageRuns.writeSplit(dataset.toDF().javaRDD().filter(r -> !r.isNullAt(source) && !r.isNullAt(target))
                .map(r -> flat(r.getString(source)) + "\t" + flat(r.getString(target))), input, value(p.randomSeed), held);
        ConfigLoader.Loaded cfg = ConfigLoader.load(null, overrides(input));
        SavedModel model = StageRuns.train(sc, cfg, out -> new Seq2SeqWorkload(cfg.config(), out), dir, value(p.verbose));
        return copyValues(new TrainedTranslator(uid, model).setParent(this), extractParamMap());
    }

    private static String flat(String s) {
        return s.replaceAll("[\\t\\r\\n]+", " ").strip();
    }

    private List<String> overrides(Path input) {
        String validation = "\"" + new Path(input, "validation") + "\"";
        List<String> out = new ArrayList<>(trainingOverrides());
        out.addAll(List.of("name = seq2seq-translator", "workload = seq2seq", "data.format = tsv",
                "data.train = \"" + new Path(input, "train") + "\"", "data.validation = " + validation,
                "data.test = " + validation, "data.vocabulary.maxSize = " + value(p.vocabularySize),
                "model.cell = " + value(p.cell), "model.embedding = " + value(p.embeddingDim),
                "model.hidden = " + value(p.hiddenSize), "model.dropout = " + value(p.dropout),
                "seq2seq.attention = " + value(p.attention), "seq2seq.encoderLayers = " + value(p.encoderLayers),
                "seq2seq.decoderLayers = " + value(p.decoderLayers), "seq2seq.sourceTokens = " + value(p.sourceTokens),
                "seq2seq.targetTokens = " + value(p.targetTokens), "seq2seq.tokensPerBatch = " + value(p.tokensPerBatch),
                "seq2seq.maxSourceLength = " + value(p.maxLength), "seq2seq.maxTargetLength = " + value(p.maxLength),
                "seq2seq.beam = " + value(p.beam), "seq2seq.patience = " + value(p.patience), "training.stateful = false"));
        return out;
    }

    @Override public Seq2SeqTranslator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<Seq2SeqTranslator> read() {
        return new DefaultParamsReader<>();
    }

    public static Seq2SeqTranslator load(String path) {
        return read().load(path);
    }
}
