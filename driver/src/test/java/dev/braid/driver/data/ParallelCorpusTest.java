package dev.braid.driver.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.driver.UserError;
import dev.braid.driver.config.DataConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Line parsing of pair files: what each format accepts and what it refuses, with file:line. */
class ParallelCorpusTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCmudictEntryIsAWordAndItsPhonemesWithoutStressOrAlternateMarks() {
        ParallelCorpus.Pair p = ParallelCorpus.parse("d.txt", 4, utf8("READ(1)  R EH1 D"), DataConfig.Format.CMUDICT, false)
                .orElseThrow();
        assertThat(p.source()).isEqualTo("READ");
        assertThat(p.target()).isEqualTo("R EH D");
        assertThat(ParallelCorpus.parse("d.txt", 0, utf8(";;; comment"), DataConfig.Format.CMUDICT, false)).isEmpty();
    }

    /**
     * Issue 26 item 9: a TSV file given to a CMUdict model (evaluate reads --data in the model's format) was
     * read as entries, three columns and all, and scored WER 100% instead of being refused.
     */
    @Test
    void aTabSeparatedLineIsNotACmudictEntry() {
        assertThatThrownBy(() -> ParallelCorpus.parse("pairs.tsv", 1, utf8("ab\tba\textra"), DataConfig.Format.CMUDICT, false))
                .isInstanceOf(UserError.class).hasMessageContaining("pairs.tsv:2 holds a TAB")
                .hasMessageContaining("data.format = tsv");
        assertThat(ParallelCorpus.parse("pairs.tsv", 1, utf8("ab\tba"), DataConfig.Format.CMUDICT, true)).isEmpty();
    }

    @Test
    void aTsvLineHasExactlyTwoColumns() {
        assertThat(ParallelCorpus.parse("p.tsv", 0, utf8("a b\tc d"), DataConfig.Format.TSV, false).orElseThrow().target())
                .isEqualTo("c d");
        assertThatThrownBy(() -> ParallelCorpus.parse("p.tsv", 6, utf8("a\tb\tc"), DataConfig.Format.TSV, false))
                .isInstanceOf(UserError.class).hasMessageContaining("p.tsv:7 has 3 columns");
    }
}
