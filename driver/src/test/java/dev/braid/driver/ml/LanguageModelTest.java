package dev.braid.driver.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.driver.spark.SparkTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
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
 * Braid's character language model as a Spark ML stage on local[2]: fitted on the lines of the committed
 * SOTU sample as a DataFrame (trained by the stateful char-LM run, 2 workers), it scores real lines far
 * below the same characters shuffled (a model that learned nothing scores them alike), samples text, and
 * saved and loaded scores the same bits.
 */
@Tag("spark")
class LanguageModelTest {

    private static List<String> lines() throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("../datasets/samples/sotu/train")).sorted()) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        out.add(line);
                    }
                }
            }
        }
        return out;
    }

    private static String shuffled(String s, Random rng) {
        List<Character> chars = new ArrayList<>();
        for (char c : s.toCharArray()) {
            chars.add(c);
        }
        Collections.shuffle(chars, rng);
        StringBuilder b = new StringBuilder();
        chars.forEach(b::append);
        return b.toString();
    }

    @Test
    void aLanguageModelFittedOnADataFrameScoresTextBelowShuffledTextSamplesAndReloads(@TempDir Path dir) throws Exception {
        SparkSession spark = SparkSession.builder().sparkContext(SparkTest.sc().sc()).getOrCreate();
        StructType schema = new StructType().add("text", DataTypes.StringType);
        List<Row> rows = lines().stream().map(l -> RowFactory.create(l)).toList();
        Dataset<Row> text = spark.createDataFrame(rows, schema);
        LanguageModel lm = new LanguageModel().setHiddenSize(128).setLayers(1).setSeqLength(50).setBatchSize(8)
                .setMaxEpochs(2).setLr(0.004).setRunDir(dir.resolve("run").toString());
        TrainedLanguageModel model = lm.fit(text);
        assertThat(dir.resolve("run/report.json")).content().contains("bitsPerChar");
        assertThat(dir.resolve("run.input/validation")).isDirectory();

        Random rng = new Random(1);
        List<Row> probe = new ArrayList<>();
        for (Row r : rows.subList(0, Math.min(40, rows.size()))) {
            probe.add(RowFactory.create(r.getString(0), "real"));
            probe.add(RowFactory.create(shuffled(r.getString(0), rng), "shuffled"));
        }
        Dataset<Row> probes = spark.createDataFrame(probe, new StructType().add("text", DataTypes.StringType)
                .add("kind", DataTypes.StringType));
        Dataset<Row> scored = model.transform(probes);
        double real = scored.filter("kind = 'real'").agg(org.apache.spark.sql.functions.avg("bitsPerChar")).first().getDouble(0);
        double shuffledBits = scored.filter("kind = 'shuffled'").agg(org.apache.spark.sql.functions.avg("bitsPerChar"))
                .first().getDouble(0);
        assertThat(shuffledBits - real).as("bits/char of shuffled minus real lines (%.3f vs %.3f)", shuffledBits, real)
                .isGreaterThan(0.5);
        assertThat(model.sample("The ", 60, 0.8, 7)).hasSize(60);

        model.write().save(dir.resolve("lm").toString());
        TrainedLanguageModel back = TrainedLanguageModel.load(dir.resolve("lm").toString());
        assertThat(back.transform(probes).select("bitsPerChar").collectAsList())
                .isEqualTo(scored.select("bitsPerChar").collectAsList());
        assertThatThrownBy(() -> new LanguageModel().setValidationSplit(0).fit(text))
                .hasMessageContaining("validationSplit = 0");
    }
}
