package dev.braid.driver.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.driver.data.MailCorpus;
import dev.braid.driver.io.Fs;
import dev.braid.driver.spark.SparkTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Braid's classifier as a Spark ML stage on local[2]: a {@code Pipeline(RegexTokenizer -> SequenceClassifier)}
 * fitted on the committed SpamAssassin sample (73 mails as a DataFrame of text and label), trained by
 * Braid's round loop with 2 workers; its model appends probabilities and predictions, separates the
 * mails it was trained on, is saved and loaded with the pipeline and then predicts bit for bit the same.
 */
@Tag("spark")
class SequenceClassifierTest {
    private static final String SAMPLE = "../datasets/samples/spam-assassin";

    private static Dataset<Row> mails(SparkSession spark) {
        Fs fs = Fs.local();
        List<Row> rows = MailCorpus.read(SparkTest.sc(), fs, SAMPLE, MailCorpus.labels(fs, SAMPLE), 2)
                .map(d -> RowFactory.create(d.name(), d.text(), (double) d.label())).collect();
        StructType schema = new StructType().add("name", DataTypes.StringType).add("text", DataTypes.StringType)
                .add("label", DataTypes.DoubleType);
        return spark.createDataFrame(rows, schema);
    }

    private static Map<String, Double> spamProbabilities(Dataset<Row> scored) {
        Map<String, Double> out = new HashMap<>();
        for (Row r : scored.select("name", "probability", "prediction").collectAsList()) {
            double p = ((Vector) r.get(1)).apply(1);
            assertThat(r.getDouble(2)).isEqualTo(p >= 0.5 ? 1.0 : 0.0);
            out.put(r.getString(0), p);
        }
        return out;
    }

    @Test
    void aPipelineOfATokenizerAndTheClassifierIsFittedSavedLoadedAndPredictsTheSame(@TempDir Path dir) throws Exception {
        SparkSession spark = SparkSession.builder().sparkContext(SparkTest.sc().sc()).getOrCreate();
        Dataset<Row> mails = mails(spark);
        SequenceClassifier classifier = new SequenceClassifier().setInputCol("words").setLabelCol("label")
                .setMaxEpochs(10).setBatchSize(8).setLr(0.01).setMinCount(1).setValidationSplit(0.15).setHiddenSize(32)
                .setRunDir(dir.resolve("run").toString());
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new RegexTokenizer().setInputCol("text").setOutputCol("words").setPattern("\\W+"), classifier});
        PipelineModel fitted = pipeline.fit(mails);
        Dataset<Row> scored = fitted.transform(mails);
        assertThat(scored.columns()).contains("text", "label", "words", "probability", "prediction");
        Map<String, Double> p = spamProbabilities(scored);
        assertThat(p).hasSize(73);
        double spam = mails.filter("label = 1").select("name").collectAsList().stream()
                .mapToDouble(r -> p.get(r.getString(0))).average().orElseThrow();
        double ham = mails.filter("label = 0").select("name").collectAsList().stream()
                .mapToDouble(r -> p.get(r.getString(0))).average().orElseThrow();
        assertThat(spam - ham).as("mean P(spam) of spam minus ham (~0 for a model that learned nothing)").isGreaterThan(0.3);
        assertThat(dir.resolve("run/model/model.json")).exists();
        assertThat(dir.resolve("run/report.json")).content().contains("\"epochs\"", "best epoch");

        fitted.write().save(dir.resolve("pipeline").toString());
        PipelineModel loaded = PipelineModel.load(dir.resolve("pipeline").toString());
        SequenceClassificationModel model = (SequenceClassificationModel) loaded.stages()[1];
        assertThat((int) model.getOrDefault(model.maxEpochs())).isEqualTo(10);
        assertThat(model.getOrDefault(model.runDir())).isEqualTo(dir.resolve("run").toString());
        assertThat(spamProbabilities(loaded.transform(mails))).isEqualTo(p);
    }

    @Test
    void aFitWithARunDirectoryHoldingCheckpointsResumesItAndEndsWithTheBitsOfAnUninterruptedFit(@TempDir Path dir)
            throws Exception {
        SparkSession spark = SparkSession.builder().sparkContext(SparkTest.sc().sc()).getOrCreate();
        Dataset<Row> mails = new RegexTokenizer().setInputCol("text").setOutputCol("words").setPattern("\\W+")
                .transform(mails(spark));
        java.util.function.Function<String, SequenceClassifier> classifier = run -> new SequenceClassifier()
                .setMaxEpochs(2).setBatchSize(8).setMinCount(1).setHiddenSize(16).setEmbeddingDim(16)
                .setRunDir(dir.resolve(run).toString());
        SequenceClassificationModel straight = classifier.apply("straight").fit(mails);
        classifier.apply("crashed").fit(mails);
        // as if the driver had died during epoch 2: only the checkpoint of epoch 1 is left, no model
        List<Path> checkpoints;
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir.resolve("crashed/checkpoints"))) {
            checkpoints = s.sorted().toList();
        }
        assertThat(checkpoints).hasSizeGreaterThan(1);
        for (Path p : checkpoints.subList(1, checkpoints.size())) {
            org.apache.commons.io.FileUtils.deleteDirectory(p.toFile());
        }
        org.apache.commons.io.FileUtils.deleteDirectory(dir.resolve("crashed/model").toFile());
        java.nio.file.attribute.FileTime kept = java.nio.file.Files.getLastModifiedTime(checkpoints.get(0));
        // a fresh start would be refused (the directory holds a run); the fit resumes from epoch 1
        SequenceClassificationModel resumed = classifier.apply("crashed").fit(mails);
        assertThat(java.nio.file.Files.getLastModifiedTime(checkpoints.get(0))).isEqualTo(kept);
        assertThat(resumed.braidModel().params()).isEqualTo(straight.braidModel().params());
    }

    @Test
    void paramsHaveDefaultsValidatorsAndExplanationsAndAnUnfittedPipelineRoundTrips(@TempDir Path dir) throws Exception {
        SequenceClassifier c = new SequenceClassifier();
        assertThat(c.explainParams()).contains("maxEpochs: passes over the training rows (default: 5)",
                "validationSplit", "randomSeed", "inputCol", "outputCol");
        assertThatThrownBy(() -> c.setDropout(1.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dropout");
        assertThatThrownBy(() -> c.setCell("transformer")).isInstanceOf(IllegalArgumentException.class);
        c.setMaxEpochs(3).setCell("lstm");
        Pipeline p = new Pipeline().setStages(new PipelineStage[] {c});
        p.write().save(dir.resolve("p").toString());
        SequenceClassifier back = (SequenceClassifier) Pipeline.load(dir.resolve("p").toString()).getStages()[0];
        assertThat(back.uid()).isEqualTo(c.uid());
        assertThat((int) back.getOrDefault(back.maxEpochs())).isEqualTo(3);
        assertThat(back.getOrDefault(back.cell())).isEqualTo("lstm");
        StructType wrong = new StructType().add("words", DataTypes.IntegerType).add("label", DataTypes.DoubleType);
        assertThatThrownBy(() -> c.transformSchema(wrong)).hasMessageContaining("inputCol 'words' is int");
    }
}
