package dev.braid.worker.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.worker.classify.DocumentEncoder.Tokens;
import dev.braid.worker.classify.DocumentEncoder.Truncation;
import dev.braid.worker.data.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Word and character tokens of a mail, and the three ways a long one is cut. */
class DocumentEncoderTest {

    private static DocumentEncoder words(int max, Truncation t) {
        return new DocumentEncoder(Tokens.WORDS, true, max, t);
    }

    @Test
    void wordsAreRunsOfLettersAndDigitsAndEachRunOfAMarkIsOneTokenOfAtMostThree() {
        assertThat(words(100, Truncation.HEAD).allTokens("FREE!!!!! Win $1,000,000 now... café 3rd-party\t\u0007ok"))
                .containsExactly("free", "!!!", "win", "$", "1", ",", "000", ",", "000", "now", "...", "café", "3rd", "-",
                        "party", "ok");
    }

    @Test
    void aWordLongerThanTheLimitIsCut() {
        String longWord = "a".repeat(40) + "é".repeat(10);
        assertThat(words(100, Truncation.HEAD).allTokens(longWord + " b"))
                .containsExactly("a".repeat(DocumentEncoder.LONGEST_WORD), "b");
    }

    @Test
    void caseIsKeptWhenAsked() {
        assertThat(new DocumentEncoder(Tokens.WORDS, false, 10, Truncation.HEAD).allTokens("Hello WORLD"))
                .containsExactly("Hello", "WORLD");
    }

    @Test
    void charactersCollapseRunsOfWhitespaceIntoOneSpace() {
        assertThat(new DocumentEncoder(Tokens.CHARS, true, 100, Truncation.HEAD).allTokens("Ab \n\t c"))
                .containsExactly("a", "b", " ", "c");
    }

    @Test
    void symbolsCutUpstreamAreKeptAsTheyAre() {
        assertThat(new DocumentEncoder(Tokens.SPACES, true, 10, Truncation.HEAD).allTokens(" Don't\tstop-now  !! "))
                .containsExactly("don't", "stop-now", "!!");
    }

    @Test
    void longDocumentsKeepTheHeadTheTailOrHalfOfEach() {
        String text = "w1 w2 w3 w4 w5 w6 w7";
        assertThat(words(3, Truncation.HEAD).tokens(text)).containsExactly("w1", "w2", "w3");
        assertThat(words(3, Truncation.TAIL).tokens(text)).containsExactly("w5", "w6", "w7");
        assertThat(words(3, Truncation.HEAD_TAIL).tokens(text)).containsExactly("w1", "w2", "w7");
        assertThat(words(4, Truncation.HEAD_TAIL).tokens(text)).containsExactly("w1", "w2", "w6", "w7");
        assertThat(words(7, Truncation.HEAD_TAIL).tokens(text)).hasSize(7);
    }

    @Test
    void encodingMapsUnknownWordsToUnkAndAnEmptyMailToOneUnk() {
        Vocabulary v = Vocabulary.of(List.of("free", "!!!"));
        DocumentEncoder e = words(10, Truncation.HEAD);
        assertThat(e.encode(v, "Free!!! money")).containsExactly(v.id("free"), v.id("!!!"), Vocabulary.UNK_ID);
        assertThat(e.encode(v, " \n ")).containsExactly(Vocabulary.UNK_ID);
    }
}
