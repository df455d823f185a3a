package dev.braid.driver.workload;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.feature.Word2Vec;
import org.apache.spark.ml.feature.Word2VecModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Word vectors pretrained on the training documents with Spark MLlib's {@code Word2Vec} (skip-gram,
 * hierarchical softmax), so that the whole pipeline stays on the cluster: fitted with the run's seed in one
 * partition (MLlib's default: more partitions train faster but give other vectors), the vectors of the
 * words seen at least {@code minCount} times brought to the driver.
 */
final class Word2VecStart {
    private Word2VecStart() {
    }

    /** What was fitted and how long it took. */
    record Vectors(Map<String, float[]> byWord, int iterations, int window, double seconds) {
    }

    static Vectors fit(SparkSession spark, JavaRDD<List<String>> documents, int dim, int minCount, int iterations,
                       int window, long seed) {
        long start = System.nanoTime();
        StructType schema = new StructType().add("tokens", DataTypes.createArrayType(DataTypes.StringType));
        Dataset<Row> frame = spark.createDataFrame(documents.map(t -> RowFactory.create(
                scala.collection.JavaConverters.asScalaBuffer(t).toSeq())), schema);
        Word2VecModel model = new Word2Vec().setInputCol("tokens").setVectorSize(dim).setMinCount(minCount)
                .setMaxIter(iterations).setWindowSize(window).setSeed(seed).setNumPartitions(1).fit(frame);
        Map<String, float[]> out = new HashMap<>();
        for (Row r : model.getVectors().collectAsList()) {
            Vector v = (Vector) r.get(1);
            float[] f = new float[v.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) v.apply(i);
            }
            out.put(r.getString(0), f);
        }
        return new Vectors(out, iterations, window, (System.nanoTime() - start) / 1e9);
    }
}
