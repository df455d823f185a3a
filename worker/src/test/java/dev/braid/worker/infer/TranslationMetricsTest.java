package dev.braid.worker.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BLEU and chrF equal sacreBLEU's: every expected value below is a published test value of sacreBLEU's
 * own suite (github.com/mjpost/sacrebleu, test/test_bleu.py and test/test_chrf.py), for the settings
 * Braid implements: 13a or whitespace tokenisation with exp smoothing (BLEU), chrF with and without eps
 * smoothing, whitespace removed or kept.
 */
class TranslationMetricsTest {
    private static final List<String> HYPS = List.of("The dog bit the man.", "It wasn't surprising.",
            "The man had just bitten him.");
    private static final List<List<String>> REFS = List.of(
            List.of("The dog bit the man.", "It was not unexpected.", "The man bit him first."),
            List.of("The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."));

    @Test
    void corpusBleuEqualsSacreBleusReadmeExample() {
        assertThat(Bleu.corpus(HYPS, REFS, true).score()).isCloseTo(48.530827, within(1e-6));
        assertThat(Bleu.corpus(HYPS, REFS, false).score()).isCloseTo(49.1919566, within(1e-6));
        assertThat(Bleu.corpus(List.of("", "", ""), REFS, true).score()).isZero();
    }

    @Test
    void bleuStatisticsAndScoringEqualSacreBleus() {
        Bleu.Stats s = Bleu.corpus(List.of("am I am a character sequence"),
                List.of(List.of("I am a symbol string sequence a a")), false);
        assertThat(s.matches()).containsExactly(4, 2, 1, 0);
        assertThat(s.totals()).containsExactly(6, 5, 4, 3);
        assertThat(new Bleu.Stats(new long[] {9, 7, 5, 3}, new long[] {10, 8, 6, 4}, 11, 11).score() / 100)
                .isCloseTo(0.8375922397, within(1e-8));
    }

    @Test
    void thirteenATokenisationSplitsPunctuationButNotNumbers() {
        assertThat(Tokenizer13a.tokenize("It wasn't 3.5 or 1,000 -- it was (maybe) 2-3 &amp; done."))
                .isEqualTo("It wasn't 3.5 or 1,000 -- it was ( maybe ) 2 - 3 & done .");
    }

    private static double chrf(List<String> hyps, List<String> refs, double beta, boolean keepWhitespace, boolean eps) {
        return ChrF.score(ChrF.corpus(hyps, List.of(refs), 6, beta, keepWhitespace, eps), beta, eps);
    }

    @Test
    void chrfWithEpsSmoothingEqualsSacreBleus() {
        Object[][] cases = {
            {"abcdefg", "hijklmnop", 0.0}, {"a", "b", 0.0}, {"", "b", 0.0}, {"", "ref", 0.0}, {"", "reference", 0.0},
            {"aa", "ab", 8.3333}, {"a", "a", 16.6667}, {"a b c", "a b c", 50.0}, {"a b c", "abc", 50.0},
            {" risk assessment must be made of those who are qualified and expertise in the sector - these are the "
                    + "scientists .", "risk assessment has to be undertaken by those who are qualified and expert in that "
                    + "area - that is the scientists .", 63.361730},
            {" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. ",
                "Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.", 64.1302698},
            {"Niemand hat die Absicht, eine Mauer zu errichten", "Niemand hat die Absicht, eine Mauer zu errichten", 100.0}};
        for (Object[] c : cases) {
            assertThat(chrf(List.of((String) c[0]), List.of((String) c[1]), 3, false, true)).as("%s | %s", c[0], c[1])
                    .isCloseTo((double) c[2], within(1e-4));
        }
        assertThat(chrf(List.of("a", "b"), List.of("a", "c"), 3, false, true)).isCloseTo(8.3333, within(1e-4));
    }

    @Test
    void chrfOverTheOrdersThatOccurEqualsSacreBleus() {
        assertThat(chrf(List.of("a"), List.of("a"), 3, false, false)).isCloseTo(100.0, within(1e-4));
        assertThat(chrf(List.of(""), List.of("reference"), 3, false, false)).isCloseTo(0.0, within(1e-4));
        assertThat(chrf(List.of("a b c"), List.of("abc"), 3, false, false)).isCloseTo(100.0, within(1e-4));
        assertThat(chrf(List.of("a", "b"), List.of("a", "c"), 3, false, false)).isCloseTo(50.0, within(1e-4));
        assertThat(chrf(List.of("aa"), List.of("ab"), 3, false, false)).isCloseTo(25.0, within(1e-4));
        assertThat(chrf(List.of("Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich."),
                List.of("Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."), 3, true, false))
                .isCloseTo(67.3481606, within(1e-4));
        assertThat(chrf(List.of("risk assessment must be made of those who are qualified and expertise in the sector - these "
                + "are the scientists ."), List.of("risk assessment has to be undertaken by those who are qualified and "
                + "expert in that area - that is the scientists ."), 3, true, false)).isCloseTo(65.2414427, within(1e-4));
    }

    @Test
    void sentenceChrfWithTheDefaultBetaEqualsSacreBleus() {
        assertThat(chrf(List.of("Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře."),
                List.of("Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře."), 2, false, true))
                .isCloseTo(39.14078509, within(1e-4));
        assertThat(chrf(List.of("Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři."),
                List.of("A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři."), 2, false, true))
                .isCloseTo(31.22557079, within(1e-4));
        assertThat(chrf(List.of("Lapali po dechu, jejich životy skončily dřív, než skutečně začaly."),
                List.of("Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli."), 2, false,
                true)).isCloseTo(57.15704367, within(1e-4));
    }
}
