package dev.braid.worker.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.seq2seq.AttentionType;
import dev.braid.worker.model.Seq2SeqSpec;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The alignment of a greedily decoded source: the same tokens as the translator's greedy decoding (the
 * heat map shows what the model outputs), and at every output step a distribution over the source
 * positions (non-negative, summing to 1), for both attention scores.
 */
class AlignmentsTest {

    @Test
    void theGreedyOutputWithAWeightDistributionPerToken() {
        for (AttentionType att : AttentionType.values()) {
            StackModel model = new Seq2SeqSpec(12, 11, 6, CellType.LSTM, 10, 1, 2, true, att, 0.0, 0.0, false)
                    .build(Precision.FLOAT);
            model.initParams(9);
            assertThat(Alignments.attends(model)).isTrue();
            SplittableRandom rng = new SplittableRandom(10);
            for (int i = 0; i < 5; i++) {
                int[] source = rng.ints(1 + rng.nextInt(6), 4, 12).toArray();
                int max = (int) Math.ceil(2.0 * source.length) + 5;
                Alignments.Alignment a = Alignments.greedy(model, source, max);
                Hypothesis greedy = new Translator(model, new DecodeOptions(1, 1, 0.0, 2.0, 1)).translate(List.of(source))
                        .get(0).get(0);
                int[] tokens = a.output()[a.output().length - 1] == Vocabulary.EOS_ID
                        ? Arrays.copyOf(a.output(), a.output().length - 1) : a.output();
                assertThat(tokens).as(att + " source " + Arrays.toString(source)).containsExactly(greedy.tokens());
                assertThat(a.weights()).hasNumberOfRows(a.output().length);
                for (float[] w : a.weights()) {
                    assertThat(w).hasSize(source.length);
                    double sum = 0;
                    for (float x : w) {
                        assertThat(x).isGreaterThanOrEqualTo(0f);
                        sum += x;
                    }
                    assertThat(sum).isCloseTo(1.0, within(1e-5));
                }
            }
        }
    }
}
