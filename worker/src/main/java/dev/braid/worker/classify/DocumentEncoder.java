package dev.braid.worker.classify;

import dev.braid.worker.data.Vocabulary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a document becomes token ids: word tokens (runs of letters and digits, each run of one punctuation
 * mark a token of at most three marks), characters (code points), or whitespace-separated symbols (tokens
 * cut upstream, e.g. by a Spark ML tokenizer), optionally lower-cased, then cut to
 * {@code maxLength} tokens from the head, the tail, or half from each (long mails put the salutation and
 * the signature, spam's tell-tales, at the two ends). A document without tokens reads as one {@code <unk>}.
 */
public record DocumentEncoder(Tokens tokens, boolean lowercase, int maxLength, Truncation truncation)
        implements Serializable {
    /** The longest word kept whole; longer runs (encoded data, URLs' paths) are cut to it. */
    static final int LONGEST_WORD = 24;

    /** Word or character tokens, or symbols already cut upstream and joined by whitespace (a tokenizer's output). */
    public enum Tokens { WORDS, CHARS, SPACES }

    /** Which tokens a long document keeps: its first, its last, or half of each. */
    public enum Truncation { HEAD, TAIL, HEAD_TAIL }

    public DocumentEncoder {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength " + maxLength + " must be >= 1");
        }
    }

    /** Every token of {@code text}, before truncation. */
    public List<String> allTokens(String text) {
        String t = lowercase ? text.toLowerCase(Locale.ROOT) : text;
        List<String> out = new ArrayList<>();
        if (tokens == Tokens.SPACES) {
            for (String w : t.split("\\s+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
            return out;
        }
        if (tokens == Tokens.CHARS) {
            t.codePoints().forEach(cp -> out.add(Character.isWhitespace(cp) ? " " : new String(Character.toChars(cp))));
            return collapseSpaces(out);
        }
        int i = 0;
        int n = t.length();
        while (i < n) {
            int cp = t.codePointAt(i);
            int len = Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isISOControl(cp)) {
                i += len;
            } else if (Character.isLetterOrDigit(cp)) {
                int j = i + len;
                while (j < n && Character.isLetterOrDigit(t.codePointAt(j))) {
                    j += Character.charCount(t.codePointAt(j));
                }
                out.add(t.substring(i, Math.min(j, t.offsetByCodePoints(i, Math.min(LONGEST_WORD, t.codePointCount(i, j))))));
                i = j;
            } else {
                int j = i + len;
                while (j < n && t.codePointAt(j) == cp) {
                    j += len;
                }
                out.add(new String(Character.toChars(cp)).repeat(Math.min(3, (j - i) / len)));
                i = j;
            }
        }
        return out;
    }

    /** Runs of whitespace as one space: layout is not content. */
    private static List<String> collapseSpaces(List<String> chars) {
        List<String> out = new ArrayList<>();
        for (String c : chars) {
            if (!(c.equals(" ") && (out.isEmpty() || out.get(out.size() - 1).equals(" ")))) {
                out.add(c);
            }
        }
        return out;
    }

    /** The tokens of {@code text} the model reads: at most {@code maxLength}, kept as {@link #truncation} says. */
    public List<String> tokens(String text) {
        List<String> all = allTokens(text);
        if (all.size() <= maxLength) {
            return all;
        }
        return switch (truncation) {
            case HEAD -> all.subList(0, maxLength);
            case TAIL -> all.subList(all.size() - maxLength, all.size());
            case HEAD_TAIL -> {
                int head = (maxLength + 1) / 2;
                List<String> kept = new ArrayList<>(all.subList(0, head));
                kept.addAll(all.subList(all.size() - (maxLength - head), all.size()));
                yield kept;
            }
        };
    }

    /** The ids of {@link #tokens} in {@code vocabulary} ({@code <unk>} for the others); never empty. */
    public int[] encode(Vocabulary vocabulary, String text) {
        List<String> t = tokens(text);
        if (t.isEmpty()) {
            return new int[] {Vocabulary.UNK_ID};
        }
        int[] ids = new int[t.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.id(t.get(i));
        }
        return ids;
    }
}
