package dev.braid.worker.infer;

import java.util.regex.Pattern;

/**
 * The tokenisation of mteval-v13a, which sacreBLEU applies by default before BLEU: a few entities
 * unescaped, then spaces around punctuation and symbols, around periods and commas except between
 * digits, and after a dash that follows a digit; runs of spaces collapsed.
 */
public final class Tokenizer13a {
    /** Symbols split off everywhere: {@code { | } ~ [ \ ] ^ _ `}, space to &, ( to +, : to @, and /. */
    private static final Pattern SYMBOLS = Pattern.compile("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])");
    private static final Pattern PUNCT_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([\\.,])");
    private static final Pattern PUNCT_BEFORE_NON_DIGIT = Pattern.compile("([\\.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    private Tokenizer13a() {
    }

    /** {@code line} tokenised, tokens separated by single spaces. */
    public static String tokenize(String line) {
        String s = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (s.indexOf('&') >= 0) {
            s = s.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        }
        s = " " + s + " ";
        s = SYMBOLS.matcher(s).replaceAll(" $1 ");
        s = PUNCT_AFTER_NON_DIGIT.matcher(s).replaceAll("$1 $2 ");
        s = PUNCT_BEFORE_NON_DIGIT.matcher(s).replaceAll(" $1 $2");
        s = DASH_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
        return String.join(" ", s.trim().split("\\s+")).trim();
    }
}
