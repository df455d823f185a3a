package dev.braid.worker.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.seq2seq.AttentionType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BeamSearchTest {
    private static final int BOS = 1;
    private static final int EOS = 2;
    private static final int A = 4;
    private static final int B = 5;

    /**
     * A hand-built decoder over {EOS, A, B} whose probabilities depend on the history:
     * first step A 0.6 / B 0.4; after A: A 0.3, B 0.3, EOS 0.4; after B: EOS 0.9, A 0.05, B 0.05; after
     * two tokens: EOS 1. Greedy takes A (0.6) then EOS: 0.24. The best sequence is B EOS: 0.36.
     */
    static final class KnownDecoder implements StepScorer {
        private List<int[]> histories = new ArrayList<>();

        @Override public int vocabulary() {
            return 6;
        }

        @Override public float[] step(int[] parents, int[] last) {
            List<int[]> next = new ArrayList<>();
            float[] out = new float[parents.length * 6];
            java.util.Arrays.fill(out, (float) Math.log(1e-9));
            for (int r = 0; r < parents.length; r++) {
                int[] h = histories.isEmpty() ? new int[0] : append(histories.get(parents[r]), last[r]);
                next.add(h);
                double[] p = h.length == 0 ? new double[] {0, 0.6, 0.4}
                        : h.length == 1 && h[0] == A ? new double[] {0.4, 0.3, 0.3}
                        : h.length == 1 ? new double[] {0.9, 0.05, 0.05} : new double[] {1, 1e-9, 1e-9};
                out[r * 6 + EOS] = (float) Math.log(Math.max(p[0], 1e-9));
                out[r * 6 + A] = (float) Math.log(Math.max(p[1], 1e-9));
                out[r * 6 + B] = (float) Math.log(Math.max(p[2], 1e-9));
            }
            histories = next;
            return out;
        }

        private static int[] append(int[] h, int t) {
            int[] o = java.util.Arrays.copyOf(h, h.length + 1);
            o[h.length] = t;
            return o;
        }
    }

    @Test
    void beamFindsTheKnownBestSequenceWhereGreedyDoesNot() {
        Hypothesis greedy = BeamSearch.greedy(new KnownDecoder(), 1, new int[] {5}, BOS, EOS).get(0);
        assertThat(greedy.tokens()).containsExactly(A);
        assertThat(Math.exp(greedy.logProb())).isCloseTo(0.24, org.assertj.core.api.Assertions.within(1e-5));

        List<Hypothesis> beam = BeamSearch.search(new KnownDecoder(), 1, 2, 2, new int[] {5}, 0.0, BOS, EOS).get(0);
        assertThat(beam.get(0).tokens()).containsExactly(B);
        assertThat(Math.exp(beam.get(0).logProb())).isCloseTo(0.36, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(beam.get(1).tokens()).containsExactly(A);
    }

    @Test
    void beamOneEqualsGreedyOnARandomModel() {
        for (AttentionType att : AttentionType.values()) {
            StackModel model = new Seq2SeqSpec(12, 11, 6, CellType.LSTM, 10, 1, 2, true, att, 0.0, 0.0, false)
                    .build(Precision.FLOAT);
            model.initParams(9);
            SplittableRandom rng = new SplittableRandom(10);
            List<int[]> sources = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                int[] s = new int[1 + rng.nextInt(6)];
                for (int j = 0; j < s.length; j++) {
                    s[j] = 4 + rng.nextInt(8);
                }
                sources.add(s);
            }
            List<List<Hypothesis>> greedy = new Translator(model, new DecodeOptions(1, 1, 0.0, 2.0, 3)).translate(sources);
            List<List<Hypothesis>> beam1 = new Translator(model, new DecodeOptions(2, 1, 0.0, 2.0, 3)).translate(sources);
            List<List<Hypothesis>> beamOne = new Translator(model, new DecodeOptions(1, 1, 0.0, 2.0, 64)).translate(sources);
            for (int i = 0; i < sources.size(); i++) {
                assertThat(beamOne.get(i).get(0).tokens()).containsExactly(greedy.get(i).get(0).tokens());
            }
            List<List<Hypothesis>> searched = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                searched.add(BeamSearch.search(new Seq2SeqScorerProbe(model, sources.get(i)).scorer(), 1, 1, 1,
                        new int[] {(int) Math.ceil(2.0 * sources.get(i).length) + 5}, 0.0, 1, 2).get(0));
                assertThat(searched.get(i).get(0).tokens()).containsExactly(greedy.get(i).get(0).tokens());
            }
            assertThat(beam1).hasSize(sources.size());
        }
    }

    /** A scorer over one source, for running {@link BeamSearch#search} with beam 1 directly. */
    record Seq2SeqScorerProbe(StackModel model, int[] source) {
        StepScorer scorer() {
            return new Seq2SeqScorer(model, model.encode(source, new int[] {source.length}, source.length, 1));
        }
    }
}
