package dev.braid.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.worker.kernel.Precision;
import dev.braid.worker.rnn.CellType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Carried states dealt to another number of partitions (an elastic resume): rows of an LSTM are independent,
 * so one model run over 8 streams must carry the state that two models over 4 of those streams each carry,
 * regrouped (to rounding); and dealing 8 streams as 2x4, 4x2, 1x8 and back loses nothing.
 */
class StateRowsTest {
    private static final LanguageModelSpec LM = new LanguageModelSpec(17, 6, CellType.LSTM, 9, 2, 0);

    /** Time-major columns [from, from+rows) of a batch of {@code all} rows. */
    private static Batch rows(int all, int steps, int[] in, int[] out, int from, int rows) {
        int[] i = new int[rows * steps];
        int[] o = new int[rows * steps];
        float[] w = new float[rows * steps];
        for (int t = 0; t < steps; t++) {
            for (int r = 0; r < rows; r++) {
                i[t * rows + r] = in[t * all + from + r];
                o[t * rows + r] = out[t * all + from + r];
                w[t * rows + r] = 1f;
            }
        }
        return Batch.stream(rows, steps, i, o, w, null);
    }

    private static float[] carried(StackModel m, Batch... segments) {
        m.resetState(segments[0].rows());
        for (Batch b : segments) {
            m.score(b);
        }
        return m.exportState();
    }

    @Test
    void eightStreamsInOneModelCarryWhatTwoModelsOfFourCarry() {
        StackModel model = LM.build(Precision.FLOAT);
        model.initParams(3);
        int steps = 5;
        SplittableRandom rng = new SplittableRandom(7);
        int[][] in = new int[2][8 * steps];
        int[][] out = new int[2][8 * steps];
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 8 * steps; i++) {
                in[s][i] = rng.nextInt(LM.vocabulary());
                out[s][i] = rng.nextInt(LM.vocabulary());
            }
        }
        float[] whole = carried(model, rows(8, steps, in[0], out[0], 0, 8), rows(8, steps, in[1], out[1], 0, 8));
        float[] first = carried(model, rows(8, steps, in[0], out[0], 0, 4), rows(8, steps, in[1], out[1], 0, 4));
        float[] second = carried(model, rows(8, steps, in[0], out[0], 4, 4), rows(8, steps, in[1], out[1], 4, 4));
        assertThat(whole).isNotEmpty();
        float[][] dealt = StateRows.regroup(model.stateShapes(), new float[][] {first, second}, 4, 8);
        assertThat(dealt).hasDimensions(1, whole.length);
        // equal but for rounding: the kernels sum 8-row and 4-row products in other orders
        assertThat(dealt[0]).usingComparatorWithPrecision(1e-5f).containsExactly(whole);
        float[][] back = StateRows.regroup(model.stateShapes(), new float[][] {whole}, 8, 4);
        assertThat(back[0]).usingComparatorWithPrecision(1e-5f).containsExactly(first);
        assertThat(back[1]).usingComparatorWithPrecision(1e-5f).containsExactly(second);
        // and the dealing is not an identity that tolerance would hide: the halves differ from each other
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void dealingAndDealingBackLosesNothing() {
        StackModel model = LM.build(Precision.FLOAT);
        model.resetState(4);
        int size = model.exportState().length;
        float[][] states = {LmFixtures.randomState(size, 1), LmFixtures.randomState(size, 2)};
        float[][] four = StateRows.regroup(model.stateShapes(), states, 4, 2);
        assertThat(four).hasNumberOfRows(4);
        float[][] again = StateRows.regroup(model.stateShapes(), four, 2, 4);
        assertThat(again[0]).containsExactly(states[0]);
        assertThat(again[1]).containsExactly(states[1]);
        float[][] none = StateRows.regroup(model.stateShapes(), new float[][] {{}, {}}, 4, 2);
        assertThat(none).hasNumberOfRows(4);
        for (float[] s : none) {
            assertThat(s).isEmpty();
        }
    }
}
