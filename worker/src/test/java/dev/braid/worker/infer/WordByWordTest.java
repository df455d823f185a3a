package dev.braid.worker.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WordByWordTest {
    private final WordByWord wbw = new WordByWord(Map.of("the", "el", "congress", "congreso", "has", "tiene",
            "power", "poder", "taxes", "impuestos", "new york", "nueva york"));

    @Test
    void substitutesEachWordKeepingPunctuationCaseAndUnknownWords() {
        assertThat(wbw.translate("The Congress has the power to lay taxes.")).isEqualTo("El Congreso tiene el poder to lay impuestos.");
        assertThat(wbw.translate("  (taxes),  \"Power\"! ")).isEqualTo("(impuestos), \"Poder\"!");
        assertThat(wbw.translate("--- 1990")).isEqualTo("--- 1990");
        assertThat(wbw.translate("")).isEmpty();
    }

    @Test
    void copyingScoresAsSacreBleuWouldOnIdenticalAndDisjointText() {
        // identical output: 100 on both metrics; no shared n-gram: BLEU 0 (sacreBLEU's exp smoothing keeps 0 only
        // when no unigram matches)
        List<String> refs = List.of("el congreso tiene el poder", "de poner y recoger impuestos");
        CorpusScores same = CorpusScores.of(refs, refs.stream().map(List::of).toList());
        assertThat(same.bleu()).isEqualTo(100.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(same.chrf()).isEqualTo(100.0, org.assertj.core.data.Offset.offset(1e-9));
        CorpusScores disjoint = CorpusScores.of(List.of("xyz qqq", "www"), refs.stream().map(List::of).toList());
        assertThat(disjoint.bleu()).isZero();
    }

    @Test
    void aSentenceWithFewerReferencesCountsAsWithItsFirstRepeated() {
        List<String> hyps = List.of("el congreso tiene poder", "recoger los impuestos");
        CorpusScores ragged = CorpusScores.of(hyps, List.of(List.of("el congreso tiene el poder", "congreso tiene poder"),
                List.of("de poner y recoger impuestos")));
        CorpusScores repeated = CorpusScores.of(hyps, List.of(List.of("el congreso tiene el poder", "congreso tiene poder"),
                List.of("de poner y recoger impuestos", "de poner y recoger impuestos")));
        assertThat(ragged).isEqualTo(repeated);
        assertThat(Bleu.corpus(hyps, List.of(List.of("el congreso tiene el poder", "de poner y recoger impuestos"),
                List.of("congreso tiene poder", "de poner y recoger impuestos")), true).score()).isEqualTo(ragged.bleu());
    }
}
