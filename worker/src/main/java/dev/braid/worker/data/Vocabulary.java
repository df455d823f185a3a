package dev.braid.worker.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Symbols and their ids. Ids 0-3 are the special tokens {@code <pad> <s> </s> <unk>}; symbols the
 * vocabulary does not hold encode to {@code <unk>}. Character vocabularies hold one Unicode code point
 * per symbol. A subword vocabulary also holds the byte-pair merges that cut words into its symbols, so
 * that one saved vocabulary reads text exactly as training did.
 */
public final class Vocabulary implements Serializable {
    public static final String PAD = "<pad>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final String UNK = "<unk>";
    public static final int PAD_ID = 0;
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;
    public static final int UNK_ID = 3;
    public static final List<String> SPECIALS = List.of(PAD, BOS, EOS, UNK);

    private final List<String> symbols;
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<Integer, Integer> codePointIds = new HashMap<>();
    /** The merges of a subword vocabulary; null for others. */
    private final Bpe bpe;

    /** {@code symbols} must start with the four special tokens, in order, and hold no duplicates. */
    public Vocabulary(List<String> symbols) {
        this(symbols, null);
    }

    /** A subword vocabulary: {@code symbols} as above, and the merges that cut words into them (may be null). */
    public Vocabulary(List<String> symbols, Bpe bpe) {
        this.bpe = bpe;
        if (symbols.size() < SPECIALS.size() || !symbols.subList(0, SPECIALS.size()).equals(SPECIALS)) {
            throw new IllegalArgumentException("a vocabulary starts with " + SPECIALS);
        }
        this.symbols = List.copyOf(symbols);
        for (int i = 0; i < symbols.size(); i++) {
            if (ids.put(symbols.get(i), i) != null) {
                throw new IllegalArgumentException("symbol '" + symbols.get(i) + "' appears twice in the vocabulary");
            }
            String s = symbols.get(i);
            if (i >= SPECIALS.size() && s.codePointCount(0, s.length()) == 1) {
                codePointIds.put(s.codePointAt(0), i);
            }
        }
    }

    /** The four specials followed by {@code others} (which must not contain them). */
    public static Vocabulary of(List<String> others) {
        List<String> all = new ArrayList<>(SPECIALS);
        all.addAll(others);
        return new Vocabulary(all);
    }

    /** The four specials followed by {@code others}, with the merges of a subword vocabulary. */
    public static Vocabulary of(List<String> others, Bpe bpe) {
        List<String> all = new ArrayList<>(SPECIALS);
        all.addAll(others);
        return new Vocabulary(all, bpe);
    }

    /** The byte-pair merges of a subword vocabulary, or null. */
    public Bpe bpe() {
        return bpe;
    }

    public int size() {
        return symbols.size();
    }

    public String symbol(int id) {
        return symbols.get(id);
    }

    public List<String> symbols() {
        return Collections.unmodifiableList(symbols);
    }

    public int id(String symbol) {
        return ids.getOrDefault(symbol, UNK_ID);
    }

    public int idOfCodePoint(int codePoint) {
        return codePointIds.getOrDefault(codePoint, UNK_ID);
    }

    /** Ids of the code points of {@code text}. */
    public int[] encodeChars(String text) {
        return text.codePoints().map(this::idOfCodePoint).toArray();
    }

    /** Text of character ids; specials other than {@code <unk>} are skipped, {@code <unk>} shows as U+FFFD. */
    public String decodeChars(int[] ids, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            int id = ids[i];
            if (id == UNK_ID) {
                sb.append('\uFFFD');
            } else if (id >= SPECIALS.size()) {
                sb.append(symbols.get(id));
            }
        }
        return sb.toString();
    }
}
