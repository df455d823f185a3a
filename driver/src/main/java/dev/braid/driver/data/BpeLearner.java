package dev.braid.driver.data;

import dev.braid.worker.data.Bpe;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Learns byte-pair merges over a corpus with Spark: the word counts are summed across partitions by
 * Spark (the corpus stays on the executors), the merges are decided on the driver over the distinct
 * words and their counts (far fewer than the corpus's tokens) with pair counts updated incrementally
 * ({@link Bpe#learn}). A merge must see every pair count of the step before it, so they are not
 * decided round by round on Spark: thousands of merges would be thousands of jobs.
 */
public final class BpeLearner {
    private BpeLearner() {
    }

    /** {@code merges} merges learned from the whitespace-separated words of {@code sentences}. */
    public static Bpe learn(JavaRDD<String> sentences, int merges) {
        Map<String, Long> counts = sentences
                .flatMap(s -> Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).iterator())
                .mapToPair(w -> new Tuple2<>(w, 1L))
                .reduceByKey(Long::sum)
                .collectAsMap();
        return Bpe.learn(new HashMap<>(counts), merges);
    }
}
