package dev.braid.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Byte-pair encoding: merges learned as worked out by hand, deterministic, lossless to decode. */
class BpeTest {

    private static List<String> merges(Bpe bpe) {
        return bpe.merges().stream().map(m -> m[0] + " " + m[1]).toList();
    }

    /**
     * Sennrich et al. (2016)'s example vocabulary, {low: 5, lower: 2, newest: 6, widest: 3}, with the end
     * mark {@code </w>}. Worked out by hand: the pair counts are e s 9, s t 9, t </w> 9, w e 8, l o 7,
     * o w 7, n e 6, e w 6, w </w> 5, ... Ties go to the smaller pair, so after e s, es t, est </w>, l o,
     * lo w (7 each or more), the three pairs of 6 (n e, e w, w est</w>) go e w first; then ew est</w>
     * (6) and n ewest</w> (6), low </w> (5), and of the pairs of 3 (w i, i d, d est</w>) d est</w>. (The
     * paper's own listing breaks the ties of 6 by the order its dictionary met the pairs: n e first.)
     */
    @Test
    void mergesAreTheHandWorkedOnes() {
        Map<List<String>, Long> words = new LinkedHashMap<>();
        words.put(List.of("l", "o", "w", "</w>"), 5L);
        words.put(List.of("l", "o", "w", "e", "r", "</w>"), 2L);
        words.put(List.of("n", "e", "w", "e", "s", "t", "</w>"), 6L);
        words.put(List.of("w", "i", "d", "e", "s", "t", "</w>"), 3L);
        List<String> learned = Bpe.learnMerges(words, 10).stream().map(m -> m[0] + " " + m[1]).toList();
        assertThat(learned).containsExactly("e s", "es t", "est </w>", "l o", "lo w", "e w", "ew est</w>", "n ewest</w>",
                "low </w>", "d est</w>");
        // then "low e r </w>" needs 3 more and "w i dest</w>" 2: every word is one symbol after 15
        assertThat(Bpe.learnMerges(words, 100)).as("until every word is one symbol").hasSize(15);
    }

    @Test
    void theSameCountsGiveTheSameMergesWhateverTheirOrder() {
        Map<String, Long> a = new HashMap<>();
        Map<String, Long> b = new TreeMap<>(java.util.Comparator.reverseOrder());
        for (String w : "the cat sat on the mat and the hat sat on the cat that sat".split(" ")) {
            a.merge(w, 1L, Long::sum);
            b.merge(w, 1L, Long::sum);
        }
        assertThat(merges(Bpe.learn(a, 25))).isEqualTo(merges(Bpe.learn(b, 25)));
    }

    @Test
    void encodingAppliesTheMergesInOrderAndDecodingRestoresTheSentence() {
        Bpe bpe = new Bpe(List.of(new String[] {"a", "t"}, new String[] {Bpe.WORD, "c"}, new String[] {Bpe.WORD + "c", "at"},
                new String[] {"h", "at"}));
        assertThat(bpe.encode("cat  hat chat")).containsExactly(Bpe.WORD + "cat", Bpe.WORD, "hat", Bpe.WORD + "c", "hat");
        Map<String, Long> counts = new HashMap<>();
        String text = "The Congress shall have power to lay and collect taxes, duties, imposts and excises.";
        Arrays.stream(text.split(" ")).forEach(w -> counts.merge(w, 1L, Long::sum));
        Bpe learned = Bpe.learn(counts, 40);
        for (String s : List.of(text, "  unseen   wörds, ünïcode — and 123 numbers.  ", "x")) {
            assertThat(Bpe.decode(learned.encode(s))).isEqualTo(String.join(" ", s.trim().split("\\s+")));
        }
        assertThat(learned.encode(text).size()).as("merges shorten the sequence").isLessThan(text.length());
    }

    /** A subword vocabulary reads and writes text through its merges: unknown subwords as <unk>, lone word marks as one space. */
    @Test
    void aSubwordVocabularyEncodesAndDecodesThroughItsMerges() {
        Bpe bpe = Bpe.learn(Map.of("lower", 4L, "low", 5L, "newest", 3L), 20);
        Vocabulary vocab = Vocabulary.of(List.of(Bpe.WORD, Bpe.WORD + "low", Bpe.WORD + "lower", "e", "s", "t",
                Bpe.WORD + "newest"), bpe);
        int[] ids = Tokenizer.BPE.encode(vocab, "lower  low newest lowest");
        assertThat(Arrays.stream(ids).mapToObj(vocab::symbol).toList()).containsExactly(Bpe.WORD + "lower", Bpe.WORD + "low",
                Bpe.WORD + "newest", Bpe.WORD + "low", "e", "s", "t");
        assertThat(Tokenizer.BPE.decode(vocab, ids)).isEqualTo("lower low newest lowest");
        int[] withLoneMarks = {vocab.id(Bpe.WORD), vocab.id(Bpe.WORD + "low"), vocab.id(Bpe.WORD), vocab.id(Bpe.WORD),
                Vocabulary.EOS_ID, vocab.id("e"), Vocabulary.UNK_ID};
        assertThat(Tokenizer.BPE.decode(vocab, withLoneMarks)).isEqualTo("low e<unk>");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Tokenizer.BPE.tokens("low"))
                .hasMessageContaining("byte-pair merges");
    }
}
