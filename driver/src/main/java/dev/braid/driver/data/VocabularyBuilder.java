package dev.braid.driver.data;

import dev.braid.driver.UserError;
import dev.braid.worker.data.Bpe;
import dev.braid.worker.data.Tokenizer;
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
 * Vocabularies built with Spark: symbol counts per partition, summed by key, then the
 * {@code maxSize - 4} most frequent symbols seen at least {@code minCount} times (ties broken by the
 * symbol, so the vocabulary is deterministic), after the four special tokens.
 */
public final class VocabularyBuilder {
    private VocabularyBuilder() {
    }

    /** Vocabulary of {@code texts} cut into symbols by {@code tokenizer}. */
    public static Vocabulary build(JavaRDD<String> texts, Tokenizer tokenizer, int maxSize, int minCount) {
        return build(texts, tokenizer, null, maxSize, minCount);
    }

    /** Vocabulary of {@code texts} cut into symbols by {@code tokenizer}, subwords by {@code bpe} (kept with it). */
    public static Vocabulary build(JavaRDD<String> texts, Tokenizer tokenizer, Bpe bpe, int maxSize, int minCount) {
        List<Tuple2<String, Long>> counts = texts.mapPartitions(it -> count(it, tokenizer, bpe))
                .mapToPair(e -> new Tuple2<>(e.getKey(), e.getValue()))
                .reduceByKey(Long::sum)
                .collect();
        List<Tuple2<String, Long>> sorted = new ArrayList<>(counts);
        sorted.sort(Comparator.<Tuple2<String, Long>>comparingLong(t -> -t._2()).thenComparing(Tuple2::_1));
        List<String> symbols = new ArrayList<>();
        for (Tuple2<String, Long> t : sorted) {
            if (symbols.size() >= maxSize - Vocabulary.SPECIALS.size() || t._2() < minCount) {
                break;
            }
            if (!Vocabulary.SPECIALS.contains(t._1())) {
                symbols.add(t._1());
            }
        }
        if (symbols.isEmpty()) {
            throw new UserError("The training data holds no symbols seen at least data.vocabulary.minCount="
                    + minCount + " times; check data.train.");
        }
        return Vocabulary.of(symbols, bpe);
    }

    /** Character vocabulary (one symbol per code point). */
    public static Vocabulary characters(JavaRDD<String> texts, int maxSize, int minCount) {
        return build(texts, Tokenizer.CHARS, maxSize, minCount);
    }

    private static Iterator<Map.Entry<String, Long>> count(Iterator<String> texts, Tokenizer tokenizer, Bpe bpe) {
        Map<String, Long> counts = new HashMap<>();
        while (texts.hasNext()) {
            for (String t : tokenizer.tokens(texts.next(), bpe)) {
                counts.merge(t, 1L, Long::sum);
            }
        }
        return counts.entrySet().iterator();
    }
}
