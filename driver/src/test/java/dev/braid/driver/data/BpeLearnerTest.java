package dev.braid.driver.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.spark.SparkTest;
import dev.braid.worker.data.Bpe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Byte-pair merges learned with Spark over partitions equal those learned in one JVM from the same counts. */
@Tag("spark")
class BpeLearnerTest {

    @Test
    void sparkLearnsTheMergesOneJvmLearns() throws Exception {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("../datasets/samples/sotu/train"))) {
            for (Path f : files.sorted().toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        Map<String, Long> counts = new HashMap<>();
        for (String line : lines) {
            for (String w : line.trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    counts.merge(w, 1L, Long::sum);
                }
            }
        }
        Bpe local = Bpe.learn(counts, 500);
        Bpe spark = BpeLearner.learn(SparkTest.sc().parallelize(lines, 4), 500);
        assertThat(spark.merges()).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(spark.merges().get(i)).as("merge %d", i).containsExactly(local.merges().get(i));
        }
        String s = lines.get(3);
        assertThat(Bpe.decode(spark.encode(s))).isEqualTo(String.join(" ", s.trim().split("\\s+")));
    }
}
