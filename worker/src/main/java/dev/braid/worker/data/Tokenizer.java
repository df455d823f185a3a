package dev.braid.worker.data;

import java.util.ArrayList;
import java.util.List;

/** How text becomes symbols: one symbol per Unicode code point, or whitespace-separated symbols. */
public enum Tokenizer {
    CHARS, SYMBOLS;

    public List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        if (this == CHARS) {
            text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        } else {
            for (String s : text.trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** Ids of the symbols of {@code text} ({@code <unk>} for symbols the vocabulary lacks). */
    public int[] encode(Vocabulary vocab, String text) {
        List<String> t = tokens(text);
        int[] ids = new int[t.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocab.id(t.get(i));
        }
        return ids;
    }

    /** Text of ids, special tokens skipped; symbols joined with nothing (chars) or one space (symbols). */
    public String decode(Vocabulary vocab, int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id < Vocabulary.SPECIALS.size() && id != Vocabulary.UNK_ID) {
                continue;
            }
            if (this == SYMBOLS && sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(vocab.symbol(id));
        }
        return sb.toString();
    }
}
