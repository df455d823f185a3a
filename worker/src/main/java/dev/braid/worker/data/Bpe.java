package dev.braid.worker.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Byte-pair encoding of words into subwords (Sennrich et al. 2016). A sentence is split at whitespace;
 * each word becomes {@code ▁} and its characters (the mark keeps where words began, so decoding is
 * lossless up to runs of whitespace); the learned merges are applied in the order they were learned.
 * Learning repeatedly merges the most frequent adjacent pair of symbols over the word counts, ties
 * broken by the smaller pair (first symbol, then second, as strings), so the same counts always give
 * the same merges; pair counts are updated only in the words a merge touches.
 */
public final class Bpe implements Serializable {
    /** Marks the start of a word (U+2581, as SentencePiece writes it). */
    public static final String WORD = "\u2581";

    private final List<String[]> merges;
    private final Map<String, Integer> rank = new HashMap<>();
    private transient Map<String, List<String>> cache;

    public Bpe(List<String[]> merges) {
        this.merges = List.copyOf(merges);
        for (int i = 0; i < merges.size(); i++) {
            rank.putIfAbsent(key(merges.get(i)[0], merges.get(i)[1]), i);
        }
    }

    public List<String[]> merges() {
        return merges;
    }

    private static String key(String a, String b) {
        return a + '\u0000' + b;
    }

    /** The symbols a word starts as: the word mark and its characters. */
    public static List<String> symbols(String word) {
        List<String> out = new ArrayList<>();
        out.add(WORD);
        word.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
        return out;
    }

    /** The subwords of {@code sentence}. */
    public List<String> encode(String sentence) {
        if (cache == null) {
            cache = new HashMap<>();
        }
        List<String> out = new ArrayList<>();
        for (String word : sentence.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                out.addAll(cache.computeIfAbsent(word, w -> apply(symbols(w))));
            }
        }
        return out;
    }

    /** Merges {@code symbols} by rank: the lowest-ranked adjacent pair first, until none is a merge. */
    private List<String> apply(List<String> symbols) {
        List<String> s = new ArrayList<>(symbols);
        while (s.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < s.size(); i++) {
                Integer r = rank.get(key(s.get(i), s.get(i + 1)));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            s.set(best, s.get(best) + s.remove(best + 1));
        }
        return s;
    }

    /**
     * The sentence of {@code subwords}: joined, each word mark a space; a lone word mark (an empty word a
     * model may emit) adds no second space, as encoding split at runs of whitespace.
     */
    public static String decode(List<String> subwords) {
        return String.join("", subwords).replace(WORD, " ").replaceAll(" {2,}", " ").strip();
    }

    /** Learns {@code count} merges from word counts (each word as {@link #symbols}). */
    public static Bpe learn(Map<String, Long> wordCounts, int count) {
        Map<List<String>, Long> words = new HashMap<>();
        wordCounts.forEach((w, c) -> words.merge(symbols(w), c, Long::sum));
        return new Bpe(learnMerges(words, count));
    }

    /** A pair and its count, ordered most frequent first, then by the pair. */
    private record Pair(String a, String b, long count) {
        static final Comparator<Pair> ORDER = Comparator.comparingLong(Pair::count).reversed()
                .thenComparing(Pair::a).thenComparing(Pair::b);
    }

    /**
     * Up to {@code count} merges of the symbol sequences {@code words} (with their counts), fewer when no
     * pair is left. Each merge joins every occurrence of the pair, left to right, in every word.
     */
    public static List<String[]> learnMerges(Map<List<String>, Long> words, int count) {
        List<List<String>> seqs = new ArrayList<>();
        List<Long> freq = new ArrayList<>();
        words.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(List::toString)))
                .forEach(e -> {
                    seqs.add(new ArrayList<>(e.getKey()));
                    freq.add(e.getValue());
                });
        Map<String, Long> counts = new HashMap<>();
        Map<String, Set<Integer>> where = new HashMap<>();
        for (int w = 0; w < seqs.size(); w++) {
            for (String k : pairs(seqs.get(w))) {
                counts.merge(k, freq.get(w), Long::sum);
                where.computeIfAbsent(k, x -> new HashSet<>()).add(w);
            }
        }
        TreeSet<Pair> queue = new TreeSet<>(Pair.ORDER);
        counts.forEach((k, c) -> queue.add(pair(k, c)));
        List<String[]> merges = new ArrayList<>();
        while (merges.size() < count && !queue.isEmpty()) {
            Pair top = queue.pollFirst();
            String merged = key(top.a(), top.b());
            merges.add(new String[] {top.a(), top.b()});
            for (int w : where.remove(merged)) {
                List<String> before = pairs(seqs.get(w));
                merge(seqs.get(w), top.a(), top.b());
                List<String> after = pairs(seqs.get(w));
                Map<String, Long> delta = new HashMap<>();
                before.forEach(k -> delta.merge(k, -freq.get(w), Long::sum));
                after.forEach(k -> delta.merge(k, freq.get(w), Long::sum));
                for (Map.Entry<String, Long> d : delta.entrySet()) {
                    String k = d.getKey();
                    if (d.getValue() == 0 || k.equals(merged)) {
                        continue;
                    }
                    Long old = counts.get(k);
                    if (old != null) {
                        queue.remove(pair(k, old));
                    }
                    long now = (old == null ? 0 : old) + d.getValue();
                    if (now > 0) {
                        counts.put(k, now);
                        queue.add(pair(k, now));
                        where.computeIfAbsent(k, x -> new HashSet<>()).add(w);
                    } else {
                        counts.remove(k);
                    }
                }
            }
            counts.remove(merged);
        }
        return merges;
    }

    private static Pair pair(String key, long count) {
        int cut = key.indexOf('\u0000');
        return new Pair(key.substring(0, cut), key.substring(cut + 1), count);
    }

    /** The adjacent pairs of {@code s}, each occurrence once. */
    private static List<String> pairs(List<String> s) {
        List<String> out = new ArrayList<>(Math.max(0, s.size() - 1));
        for (int i = 0; i + 1 < s.size(); i++) {
            out.add(key(s.get(i), s.get(i + 1)));
        }
        return out;
    }

    private static void merge(List<String> s, String a, String b) {
        for (int i = 0; i + 1 < s.size(); i++) {
            if (s.get(i).equals(a) && s.get(i + 1).equals(b)) {
                s.set(i, a + b);
                s.remove(i + 1);
            }
        }
    }
}
