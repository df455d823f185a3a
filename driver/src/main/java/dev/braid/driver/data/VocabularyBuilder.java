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
        return select(texts.mapPartitions(it -> count(it, t -> tokenizer.tokens(t, bpe))), bpe, maxSize, minCount);
    }

    /** Vocabulary of documents already cut into {@code tokens} (e.g. a classifier's words). */
    public static Vocabulary fromTokens(JavaRDD<List<String>> tokens, int maxSize, int minCount) {
        return select(tokens.mapPartitions(it -> count(it, t -> t)), null, maxSize, minCount);
    }

    private static Vocabulary select(JavaRDD<Map.Entry<String, Long>> partial, Bpe bpe, int maxSize, int minCount) {
        List<Tuple2<String, Long>> counts = partial
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

    private static <T> Iterator<Map.Entry<String, Long>> count(Iterator<T> items,
            java.util.function.Function<T, List<String>> symbols) {
        Map<String, Long> counts = new HashMap<>();
        while (items.hasNext()) {
            for (String t : symbols.apply(items.next())) {
                counts.merge(t, 1L, Long::sum);
            }
        }
        return counts.entrySet().iterator();
    }
}
