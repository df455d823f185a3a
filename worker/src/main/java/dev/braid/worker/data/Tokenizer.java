package dev.braid.worker.data;

import java.util.ArrayList;
import java.util.List;

/**
 * How text becomes symbols: one symbol per Unicode code point, whitespace-separated symbols, or
 * subwords (words cut by a vocabulary's byte-pair merges, {@link Bpe}).
 */
public enum Tokenizer {
    CHARS, SYMBOLS, BPE;

    /** The symbols of {@code text}; subwords need the merges, {@link #tokens(String, Bpe)}. */
    public List<String> tokens(String text) {
        return tokens(text, null);
    }

    /** The symbols of {@code text}; {@code bpe} cuts words into subwords (required by {@link #BPE}, else unused). */
    public List<String> tokens(String text, Bpe bpe) {
        List<String> out = new ArrayList<>();
        if (this == CHARS) {
            text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        } else if (this == BPE) {
            if (bpe == null) {
                throw new IllegalStateException("subword tokens need the vocabulary's byte-pair merges, and it has none");
            }
            out.addAll(bpe.encode(text));
        } else {
            for (String s : text.trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /**
     * Ids of the symbols of {@code text} ({@code <unk>} for symbols the vocabulary lacks). A subword the
     * vocabulary lacks (cut from its size, or merged only in text it never saw) falls back to its
     * characters, so a word is <unk> only where a character is.
     */
    public int[] encode(Vocabulary vocab, String text) {
        List<String> t = tokens(text, vocab.bpe());
        if (this == BPE) {
            List<String> known = new ArrayList<>();
            for (String s : t) {
                if (vocab.id(s) != Vocabulary.UNK_ID || s.codePointCount(0, s.length()) == 1) {
                    known.add(s);
                } else {
                    s.codePoints().forEach(cp -> known.add(new String(Character.toChars(cp))));
                }
            }
            t = known;
        }
        int[] ids = new int[t.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocab.id(t.get(i));
        }
        return ids;
    }

    /**
     * Text of ids, special tokens skipped; symbols joined with nothing (chars), one space (symbols), or
     * as words again (subwords: each word mark a space).
     */
    public String decode(Vocabulary vocab, int[] ids) {
        List<String> symbols = new ArrayList<>();
        for (int id : ids) {
            if (id >= Vocabulary.SPECIALS.size() || id == Vocabulary.UNK_ID) {
                symbols.add(vocab.symbol(id));
            }
        }
        return switch (this) {
            case CHARS -> String.join("", symbols);
            case SYMBOLS -> String.join(" ", symbols);
            case BPE -> Bpe.decode(symbols);
        };
    }
}
