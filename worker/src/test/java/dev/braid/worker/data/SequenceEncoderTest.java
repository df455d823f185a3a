package dev.braid.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.worker.model.Batch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One reading of seq2seq text for training, evaluation and translation; one batch layout. */
class SequenceEncoderTest {
    private static final Vocabulary V = Vocabulary.of(List.of("A", "B", "C"));

    @Test
    void lengthLimitsFoldingAndUnknownSymbols() {
        SequenceEncoder truncating = new SequenceEncoder(V, Tokenizer.CHARS, 3, true, true);
        SequenceEncoder refusing = new SequenceEncoder(V, Tokenizer.CHARS, 3, false, false);
        assertThat(truncating.encode("").status()).isEqualTo(SequenceEncoder.Status.EMPTY);
        assertThat(truncating.encode("abca").status()).isEqualTo(SequenceEncoder.Status.TRUNCATED);
        assertThat(truncating.encode("abca").ids()).containsExactly(4, 5, 6);
        assertThat(truncating.encode("abca").symbols()).isEqualTo(4);
        assertThat(refusing.encode("ABCA").status()).isEqualTo(SequenceEncoder.Status.REFUSED);
        assertThat(refusing.encode("AxB").unknown()).isEqualTo(1);
        assertThat(refusing.encode("ab").unknown()).as("no folding: lower case is unknown").isEqualTo(2);
        assertThat(truncating.encode("ab").unknown()).isZero();
    }

    @Test
    void batchesAreTimeMajorWithFramedTargets() {
        Batch b = Batch.pairs(List.of(new int[] {4, 5}, new int[] {6}), List.of(new int[] {7}, new int[] {8, 9}));
        assertThat(b.rows()).isEqualTo(2);
        assertThat(b.sourceSteps()).isEqualTo(2);
        assertThat(b.source()).containsExactly(4, 6, 5, 0);
        assertThat(b.sourceLengths()).containsExactly(2, 1);
        assertThat(b.steps()).isEqualTo(3);
        assertThat(b.inputs()).containsExactly(Vocabulary.BOS_ID, Vocabulary.BOS_ID, 7, 8, 0, 9);
        assertThat(b.targets()).containsExactly(7, 8, Vocabulary.EOS_ID, 9, 0, Vocabulary.EOS_ID);
        assertThat(b.weights()).containsExactly(1, 1, 1, 1, 0, 1);
    }
}
