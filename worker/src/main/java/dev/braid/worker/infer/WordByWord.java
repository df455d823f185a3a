package dev.braid.worker.infer;

import java.util.Map;

/**
 * The word-by-word translation baseline: each word replaced by its dictionary entry, with no reordering,
 * no morphology and no context, as the floor a translation model must clear. A word is looked up
 * lower-cased without the punctuation around it, which is kept; a capitalised word's translation is
 * capitalised; a word the dictionary lacks passes through unchanged (as Apertium's {@code -u} does).
 */
public record WordByWord(Map<String, String> dictionary) {

    public String translate(String sentence) {
        StringBuilder out = new StringBuilder();
        for (String token : sentence.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            int start = 0;
            int end = token.length();
            while (start < end && !Character.isLetterOrDigit(token.charAt(start))) {
                start++;
            }
            while (end > start && !Character.isLetterOrDigit(token.charAt(end - 1))) {
                end--;
            }
            String word = token.substring(start, end);
            String translated = dictionary.get(word.toLowerCase(java.util.Locale.ROOT));
            if (translated == null) {
                translated = word;
            } else if (!word.isEmpty() && Character.isUpperCase(word.charAt(0)) && !translated.isEmpty()) {
                translated = translated.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + translated.substring(1);
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(token, 0, start).append(translated).append(token, end, token.length());
        }
        return out.toString();
    }
}
