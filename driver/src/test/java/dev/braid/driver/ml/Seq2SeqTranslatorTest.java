package dev.braid.driver.ml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.spark.SparkTest;
import dev.braid.driver.workload.Seq2SeqJobTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Braid's encoder-decoder as a Spark ML stage on local[2]: fitted on a DataFrame of dates written out in
 * words and their ISO forms (the synthetic task of {@link Seq2SeqJobTest}), it rewrites dates it never saw,
 * and saved and loaded translates the same.
 */
@Tag("spark")
class Seq2SeqTranslatorTest {

    private static Dataset<Row> dates(SparkSession spark, Path file, int n, long seed) throws Exception {
        Seq2SeqJobTest.writeDates(file, n, seed);
        List<Row> rows = Files.readAllLines(file).stream().map(l -> l.split("\t"))
                .map(f -> RowFactory.create(f[0], f[1])).toList();
        return spark.createDataFrame(rows, new StructType().add("source", DataTypes.StringType)
                .add("target", DataTypes.StringType));
    }

    @Test
    void aTranslatorFittedOnADataFrameRewritesUnseenDatesAndReloads(@TempDir Path dir) throws Exception {
        SparkSession spark = SparkSession.builder().sparkContext(SparkTest.sc().sc()).getOrCreate();
        Dataset<Row> train = dates(spark, dir.resolve("train.tsv"), 3000, 1);
        Seq2SeqTranslator translator = new Seq2SeqTranslator().setEmbeddingDim(32).setHiddenSize(96).setDropout(0)
                .setTokensPerBatch(1100).setLr(0.006).setMaxEpochs(12).setAveragingPeriod(4).setBeam(1)
                .setRunDir(dir.resolve("run").toString());
        TrainedTranslator model = translator.fit(train);
        Dataset<Row> unseen = dates(spark, dir.resolve("test.tsv"), 200, 3);
        Dataset<Row> out = model.transform(unseen);
        long right = out.filter("translation = target").count();
        assertThat(right / 200.0).as("exact rewrites of unseen dates").isGreaterThanOrEqualTo(0.6);
        assertThat(dir.resolve("run/report.json")).exists();

        model.write().save(dir.resolve("translator").toString());
        TrainedTranslator back = TrainedTranslator.load(dir.resolve("translator").toString());
        assertThat(back.transform(unseen).select("translation").collectAsList())
                .isEqualTo(out.select("translation").collectAsList());
    }
}
