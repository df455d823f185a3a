package dev.braid.driver.workload;

import dev.braid.driver.data.MailCorpus;
import dev.braid.worker.infer.BinaryMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.NaiveBayes;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The text classifiers a Spark user would try first, fitted and scored in the same run as Braid's model:
 * Spark MLlib's multinomial {@code NaiveBayes} and {@code LogisticRegression} (L2, 100 iterations) on TF-IDF
 * of lower-cased word tokens ({@code RegexTokenizer} on non-word characters, {@code HashingTF} of 2^18
 * features, {@code IDF}), each scored by the probability of the positive class (label 1).
 */
final class TextBaselines {
    private static final int FEATURES = 1 << 18;

    private TextBaselines() {
    }

    /** Each baseline's figures on {@code test} (at probability 0.5), fitted on {@code train}. */
    static Map<String, BinaryMetrics> score(SparkSession spark, JavaRDD<MailCorpus.Doc> train, JavaRDD<MailCorpus.Doc> test) {
        Dataset<Row> tr = frame(spark, train).cache();
        Dataset<Row> te = frame(spark, test).cache();
        Map<String, BinaryMetrics> out = new LinkedHashMap<>();
        try {
            out.put("MLlib naive Bayes (TF-IDF)", fitAndScore(new NaiveBayes().setModelType("multinomial"), tr, te));
            out.put("MLlib logistic regression (TF-IDF)", fitAndScore(new LogisticRegression().setMaxIter(100)
                    .setRegParam(1e-4), tr, te));
        } finally {
            tr.unpersist();
            te.unpersist();
        }
        return out;
    }

    private static Dataset<Row> frame(SparkSession spark, JavaRDD<MailCorpus.Doc> docs) {
        StructType schema = new StructType().add("name", DataTypes.StringType).add("label", DataTypes.DoubleType)
                .add("text", DataTypes.StringType);
        return spark.createDataFrame(docs.map(d -> RowFactory.create(d.name(), (double) d.label(), d.text())), schema);
    }

    private static BinaryMetrics fitAndScore(PipelineStage classifier, Dataset<Row> train, Dataset<Row> test) {
        Pipeline p = new Pipeline().setStages(new PipelineStage[] {
            new RegexTokenizer().setInputCol("text").setOutputCol("words").setPattern("\\W+").setToLowercase(true),
            new HashingTF().setInputCol("words").setOutputCol("tf").setNumFeatures(FEATURES),
            new IDF().setInputCol("tf").setOutputCol("features"), classifier});
        PipelineModel model = p.fit(train);
        List<Row> scored = model.transform(test).select("label", "probability").collectAsList();
        double[] scores = new double[scored.size()];
        boolean[] positive = new boolean[scored.size()];
        for (int i = 0; i < scores.length; i++) {
            positive[i] = scored.get(i).getDouble(0) == 1.0;
            scores[i] = ((Vector) scored.get(i).get(1)).apply(1);
        }
        return new BinaryMetrics(scores, positive);
    }
}
