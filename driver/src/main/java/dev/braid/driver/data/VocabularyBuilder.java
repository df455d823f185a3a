package dev.braid.driver.data;

import dev.braid.driver.UserError;
import dev.braid.worker.data.Vocabulary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Character vocabulary built with Spark: code-point counts per partition, summed by key, then the
 * {@code maxSize - 4} most frequent code points seen at least {@code minCount} times (ties broken by
 * code point, so the vocabulary is deterministic), after the four special tokens.
 */
public final class VocabularyBuilder {
    private VocabularyBuilder() {
    }

    public static Vocabulary characters(JavaRDD<String> texts, int maxSize, int minCount) {
        List<Tuple2<Integer, Long>> counts = texts.mapPartitions(VocabularyBuilder::countCodePoints)
                .mapToPair(e -> new Tuple2<>(e.getKey(), e.getValue()))
                .reduceByKey(Long::sum)
                .collect();
        List<Tuple2<Integer, Long>> sorted = new ArrayList<>(counts);
        sorted.sort(Comparator.<Tuple2<Integer, Long>>comparingLong(t -> -t._2()).thenComparingInt(Tuple2::_1));
        List<String> symbols = new ArrayList<>();
        for (Tuple2<Integer, Long> t : sorted) {
            if (symbols.size() >= maxSize - Vocabulary.SPECIALS.size() || t._2() < minCount) {
                break;
            }
            symbols.add(new String(Character.toChars(t._1())));
        }
        if (symbols.isEmpty()) {
            throw new UserError("The training data holds no characters seen at least data.vocabulary.minCount="
                    + minCount + " times; check data.train.");
        }
        return Vocabulary.of(symbols);
    }

    private static Iterator<Map.Entry<Integer, Long>> countCodePoints(Iterator<String> texts) {
        Map<Integer, Long> counts = new HashMap<>();
        while (texts.hasNext()) {
            texts.next().codePoints().forEach(cp -> counts.merge(cp, 1L, Long::sum));
        }
        return counts.entrySet().iterator();
    }
}
