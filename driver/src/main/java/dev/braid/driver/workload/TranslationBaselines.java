package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import dev.braid.worker.infer.CorpusScores;
import dev.braid.worker.infer.WordByWord;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The floors a translation model must clear, scored on the same set with the same metrics: copying the
 * source, and substituting word by word through a bilingual dictionary ({@link WordByWord}).
 */
final class TranslationBaselines {
    private TranslationBaselines() {
    }

    /** One baseline's corpus scores. */
    record Baseline(String name, double bleu, double chrf) {
        @Override public String toString() {
            return String.format(Locale.ROOT, "baseline %s: BLEU %.2f, chrF %.2f", name, bleu, chrf);
        }
    }

    /** The baselines on {@code set}: copy, and word-by-word when {@code dictionary} (a path) is not blank. */
    static List<Baseline> score(Fs fs, ReferenceSet set, String dictionary, PrintStream out) {
        List<Baseline> scores = new ArrayList<>();
        scores.add(score("copy the source", set, UnaryOperator.identity()));
        if (!dictionary.isBlank()) {
            WordByWord wbw = new WordByWord(read(fs, dictionary));
            scores.add(score("word by word", set, wbw::translate));
        }
        scores.forEach(b -> out.println("Test " + b));
        return scores;
    }

    private static Baseline score(String name, ReferenceSet set, UnaryOperator<String> translate) {
        List<String> hyps = set.sources().stream().map(translate).toList();
        CorpusScores s = CorpusScores.of(hyps, set.references());
        return new Baseline(name, s.bleu(), s.chrf());
    }

    /**
     * A dictionary file: {@code word<TAB>translation} per line, UTF-8; a word listed twice keeps its
     * first line. A line without exactly one TAB stops with file:line and the fix.
     */
    static Map<String, String> read(Fs fs, String path) {
        String[] lines = new String(fs.readBytes(fs.qualify(path)), StandardCharsets.UTF_8).split("\r?\n");
        Map<String, String> dictionary = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] cols = lines[i].split("\t", -1);
            if (cols.length != 2 || cols[0].isBlank()) {
                throw new UserError(path + ":" + (i + 1) + " is not 'word<TAB>translation' (" + cols.length + " columns): "
                        + "seq2seq.baselineDictionary is one entry per line, as scripts/fetch-datasets translation-en-es "
                        + "writes datasets/translation-en-es/dictionary.tsv. Fix the line, or set seq2seq.baselineDictionary "
                        + "= \"\" to score only the copy baseline.");
            }
            dictionary.putIfAbsent(cols[0].toLowerCase(Locale.ROOT), cols[1]);
        }
        return dictionary;
    }
}
