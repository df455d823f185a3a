package dev.braid.driver.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.BraidProcess;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An encoder-decoder trains on a corpus whose encoded batches are several times larger than the whole
 * JVM's heap: a child JVM (local Spark, so driver and executors share its heap) limited to
 * {@value #HEAP_MB} MB, {@code data.cache = disk}. What was kept is measured (Spark's storage report of
 * the batches, printed with the data summary), not assumed.
 */
@Tag("spark")
class BeyondMemoryTest {
    private static final int HEAP_MB = 192;

    /** {@code n} pairs of ~120 random letters each side (character tokens: one int per letter in a batch). */
    private static void writeCorpus(Path file, int n, long seed) throws Exception {
        SplittableRandom rng = new SplittableRandom(seed);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder src = new StringBuilder();
            for (int i = 0; i < n; i++) {
                src.setLength(0);
                int len = 100 + rng.nextInt(20);
                for (int c = 0; c < len; c++) {
                    src.append((char) ('a' + rng.nextInt(26)));
                }
                w.write(src.toString());
                w.write('\t');
                w.write(src.reverse().toString());
                w.write('\n');
            }
        }
    }

    @Test
    void trainsOnBatchesSeveralTimesLargerThanTheHeap(@TempDir Path dir) throws Exception {
        writeCorpus(dir.resolve("train.tsv"), 360_000, 1);
        writeCorpus(dir.resolve("valid.tsv"), 10, 2);
        writeCorpus(dir.resolve("test.tsv"), 10, 3);
        Path log = dir.resolve("child.log");
        Path conf = dir.resolve("beyond-memory.conf");
        Files.writeString(conf, String.join("\n", "name = beyond-memory", "workload = seq2seq",
                "data { format = tsv, cache = disk, train = \"" + dir.resolve("train.tsv") + "\", validation = \""
                        + dir.resolve("valid.tsv") + "\", test = \"" + dir.resolve("test.tsv") + "\" }",
                "model { embedding = 8, hidden = 16 }",
                "seq2seq { targetTokens = chars, maxSourceLength = 128, maxTargetLength = 128, tokensPerBatch = 4000, "
                        + "beam = 1, maxLengthRatio = 1.0, encoderLayers = 1, decoderLayers = 1 }",
                "training { averagingPeriod = 2, timeLimit = 75s }",
                // Spark refuses a heap under 450 MB unless its reserve is lowered, as its own tests do
                "spark.properties { \"spark.testing.reservedMemory\" = 0 }", ""));
        Process p = BraidProcess.start(log, List.of("-Xmx" + HEAP_MB + "m", "-XX:+ExitOnOutOfMemoryError"), List.of(
                "train", conf.toString(), "--run-dir", dir.resolve("run").toString(), "--master", "local[2]"));
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("hang guard: the child ran past 10 minutes:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        Matcher kept = Pattern.compile("kept on executor disk: ([0-9,]+) MB").matcher(out);
        assertThat(kept.find()).as(out).isTrue();
        long keptMb = Long.parseLong(kept.group(1).replace(",", ""));
        assertThat(keptMb).as("the batches on disk, against the heap").isGreaterThanOrEqualTo(3L * HEAP_MB);
        var report = new ObjectMapper().readTree(dir.resolve("run/report.json").toFile());
        assertThat(report.get("rounds").asLong()).isPositive();
        assertThat(report.get("pairs").asLong()).isEqualTo(360_000);
    }
}
