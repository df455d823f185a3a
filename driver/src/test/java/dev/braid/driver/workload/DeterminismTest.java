package dev.braid.driver.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.spark.SparkTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same seed + config + data + worker count, same result, bit for bit: two seq2seq runs one after the
 * other in one Spark context (so RDD ids, JIT state and cached loops differ) must leave identical
 * parameters and identical per-round losses. This caught batches cut from a sampled range partitioner
 * and transcendental functions that rounded differently before and after JIT compilation.
 */
@Tag("spark")
class DeterminismTest {

    @Test
    void twoRunsGiveIdenticalParametersAndLosses(@TempDir Path dir) throws Exception {
        Seq2SeqJobTest.writeDates(dir.resolve("train.tsv"), 3000, 1);
        Seq2SeqJobTest.writeDates(dir.resolve("valid.tsv"), 100, 2);
        float[][] params = new float[2][];
        String[] metrics = new String[2];
        for (int run = 0; run < 2; run++) {
            ConfigLoader.Loaded cfg = ConfigLoader.load(null, List.of("name=dates", "workload=seq2seq", "data.format=tsv",
                    "data.train=" + dir.resolve("train.tsv"), "data.validation=" + dir.resolve("valid.tsv"),
                    "data.test=" + dir.resolve("valid.tsv"), "seq2seq.targetTokens=chars", "model.embedding=16",
                    "model.hidden=32", "model.dropout=0.1", "seq2seq.encoderLayers=1", "seq2seq.decoderLayers=1",
                    "seq2seq.tokensPerBatch=1100", "seq2seq.beam=1", "training.averagingPeriod=4", "training.epochs=2"));
            new Seq2SeqJob(cfg, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .run(SparkTest.sc(), dir.resolve("run" + run).toString());
            params[run] = new ModelStore(Fs.local()).load(dir.resolve("run" + run + "/model").toString()).params();
            metrics[run] = String.join("\n", Files.readAllLines(dir.resolve("run" + run + "/metrics.jsonl")).stream()
                    .map(l -> l.replaceAll(".*\"loss\":([-0-9.Ee]+).*", "$1")).toList());
        }
        assertThat(metrics[1]).isEqualTo(metrics[0]);
        assertThat(params[1]).containsExactly(params[0]);
    }
}
