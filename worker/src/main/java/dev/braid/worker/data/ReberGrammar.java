package dev.braid.worker.data;

import java.util.SplittableRandom;

/**
 * The embedded Reber grammar (Hochreiter and Schmidhuber 1997; the course's seq2vec exercise): strings
 * over {@code B E P S T V X} such as {@code BTBPVVETE}, whose second symbol must be repeated as the
 * second-to-last, many steps later. {@link #corrupted} changes one symbol of a grammatical string, and
 * draws again until the result is ungrammatical (the course's generator does not check), so every
 * label is right. Symbol ids are {@code 4 + index in "BEPSTVX"} (0..3 are a vocabulary's specials).
 */
public final class ReberGrammar {
    public static final String SYMBOLS = "BEPSTVX";
    public static final int VOCABULARY = 4 + SYMBOLS.length();
    /** The Reber grammar: from state s, pairs of (symbol, next state); state 6 ends. */
    private static final String[][] REBER = {{"B1"}, {"T2", "P3"}, {"S2", "X4"}, {"T3", "V5"}, {"X3", "S6"}, {"P4", "V6"},
        {"E7"}};

    private ReberGrammar() {
    }

    /** A grammatical embedded Reber string: B, T or P, a Reber string, the same T or P, E. */
    public static String embedded(SplittableRandom rng) {
        char c = rng.nextBoolean() ? 'T' : 'P';
        return "B" + c + reber(rng) + c + "E";
    }

    private static String reber(SplittableRandom rng) {
        StringBuilder out = new StringBuilder();
        int state = 0;
        while (state != 7) {
            String[] choices = REBER[state];
            String pick = choices[rng.nextInt(choices.length)];
            out.append(pick.charAt(0));
            state = pick.charAt(1) - '0';
        }
        return out.toString();
    }

    /** A grammatical string with one symbol replaced, redrawn until it is no longer grammatical. */
    public static String corrupted(SplittableRandom rng) {
        while (true) {
            String good = embedded(rng);
            int at = rng.nextInt(good.length());
            char bad;
            do {
                bad = SYMBOLS.charAt(rng.nextInt(SYMBOLS.length()));
            } while (bad == good.charAt(at));
            String s = good.substring(0, at) + bad + good.substring(at + 1);
            if (!grammatical(s)) {
                return s;
            }
        }
    }

    /** Whether {@code s} is an embedded Reber string. */
    public static boolean grammatical(String s) {
        if (s.length() < 4 || s.charAt(0) != 'B' || s.charAt(s.length() - 1) != 'E') {
            return false;
        }
        char c = s.charAt(1);
        return (c == 'T' || c == 'P') && s.charAt(s.length() - 2) == c && reber(s.substring(2, s.length() - 2));
    }

    private static boolean reber(String s) {
        int state = 0;
        for (int i = 0; i < s.length(); i++) {
            int next = -1;
            for (String pick : REBER[state]) {
                if (pick.charAt(0) == s.charAt(i)) {
                    next = pick.charAt(1) - '0';
                }
            }
            if (next < 0) {
                return false;
            }
            state = next;
            if (state == 7) {
                return i == s.length() - 1;
            }
        }
        return false;
    }

    /** The ids of {@code s}'s symbols. */
    public static int[] encode(String s) {
        int[] ids = new int[s.length()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 4 + SYMBOLS.indexOf(s.charAt(i));
        }
        return ids;
    }
}
