package dev.braid.worker.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.Pipelines;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.nn.Slot;
import dev.braid.worker.pipeline.Placement;
import dev.braid.worker.pipeline.Schedule;
import dev.braid.worker.rnn.CellType;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A softmax tied to its embedding (Press and Wolf 2017) is the untied model whose projection {@code W}
 * holds the embedding's table transposed: the same loss, and the tied table's gradient is the sum of the
 * untied embedding's gradient and the untied projection's, transposed — with the full softmax and with a
 * shortlist (which gathers the table's rows). The finite-difference check of the tied head is in
 * {@link LayerGradientCheckTest}.
 */
class TiedSoftmaxTest {
    private static final int V = 11;
    private static final int D = 4;
    private static final int STEPS = 3;
    private static final int ROWS = 2;

    private static ModelSpec spec(String tie, int shortlist) {
        return ModelSpec.of(List.of(new EmbeddingSpec("e", V, D, false), new RecurrentSpec("r", CellType.LSTM, D, 0)),
                new SoftmaxSpec("out", V, 0.1, StepWeights.NONE, shortlist, tie));
    }

    private static Batch batch() {
        int[] inputs = {1, 4, 9, 0, 10, 3};
        int[] targets = {3, 7, 7, 9, 3, 10};
        float[] weights = {1, 1, 0, 1, 1, 1};
        return new Batch(ROWS, STEPS, inputs, null, null, null, 0, null, null, targets, null, weights);
    }

    /** The tied model at random parameters, and the untied one with W = E^T and every other slot equal. */
    private static StackModel[] pair(int shortlist) {
        StackModel tied = spec("e", shortlist).build(Precision.DOUBLE);
        StackModel free = spec("", shortlist).build(Precision.DOUBLE);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < tied.layout().size(); i++) {
            tied.params().set(i, rng.nextGaussian() * 0.5);
        }
        for (Slot s : tied.layout().slots()) {
            Slot f = free.layout().slot(s.name());
            for (int i = 0; i < s.length(); i++) {
                free.params().set(f.offset() + i, tied.params().get(s.offset() + i));
            }
        }
        Slot e = tied.layout().slot("e.E");
        Slot w = free.layout().slot("out.W");
        for (int c = 0; c < V; c++) {
            for (int i = 0; i < D; i++) {
                free.params().set(w.offset() + i * V + c, tied.params().get(e.offset() + c * D + i));
            }
        }
        for (StackModel m : new StackModel[] {tied, free}) {
            m.kernels().fill(m.grads(), 0, m.layout().size(), 0);
            m.resetState(ROWS);
        }
        return new StackModel[] {tied, free};
    }

    @Test
    void theTiedModelIsTheUntiedOneWithTheTransposedTableAndAddsBothGradients() {
        for (int shortlist : new int[] {0, 2}) {
            StackModel[] p = pair(shortlist);
            StackModel tied = p[0];
            StackModel free = p[1];
            double lt = tied.forwardBackward(batch(), new SplittableRandom(1)).mean();
            double lf = free.forwardBackward(batch(), new SplittableRandom(1)).mean();
            assertThat(lt).as("loss, shortlist %d", shortlist).isCloseTo(lf, within(1e-12));
            Slot e = tied.layout().slot("e.E");
            Slot fe = free.layout().slot("e.E");
            Slot w = free.layout().slot("out.W");
            for (int c = 0; c < V; c++) {
                for (int i = 0; i < D; i++) {
                    double expected = free.grads().get(fe.offset() + c * D + i) + free.grads().get(w.offset() + i * V + c);
                    assertThat(tied.grads().get(e.offset() + c * D + i)).as("dE[%d, %d], shortlist %d", c, i, shortlist)
                            .isCloseTo(expected, within(1e-12));
                }
            }
            for (Slot s : tied.layout().slots()) {
                if (s.name().equals("e.E")) {
                    continue;
                }
                Slot f = free.layout().slot(s.name());
                for (int i = 0; i < s.length(); i++) {
                    assertThat(tied.grads().get(s.offset() + i)).as("%s[%d]", s.name(), i)
                            .isCloseTo(free.grads().get(f.offset() + i), within(1e-12));
                }
            }
            assertThat(tied.score(batch()).mean()).as("scoring").isCloseTo(free.score(batch()).mean(), within(1e-12));
        }
    }

    @Test
    void aTiedModelHoldsNoProjectionOfItsOwn() {
        StackModel tied = spec("e", 0).build(Precision.FLOAT);
        StackModel free = spec("", 0).build(Precision.FLOAT);
        assertThat(free.layout().size() - tied.layout().size()).isEqualTo(V * D);
        assertThat(tied.layout().slots()).extracting(Slot::name).doesNotContain("out.W").contains("out.b");
        assertThat(spec("e", 0).sameArchitecture(spec("", 0))).as("tied and untied differ").isFalse();
        assertThat(spec("e", 0).sameArchitecture(spec("e", 500))).as("the shortlist is a training choice").isTrue();
    }

    @Test
    void aTieThatCannotHoldIsRefusedNamingTheHead() {
        assertThatThrownBy(() -> spec("r", 0)).hasMessageContaining("tie = 'r' names no embedding layer")
                .hasMessageContaining("[e]");
        assertThatThrownBy(() -> ModelSpec.of(List.of(new EmbeddingSpec("e", V, D, false, "", true),
                new RecurrentSpec("r", CellType.LSTM, D, 0)), new SoftmaxSpec("out", V, 0, StepWeights.NONE, 0, "e")))
                .hasMessageContaining("frozen");
        assertThatThrownBy(() -> ModelSpec.of(List.of(new EmbeddingSpec("e", V + 1, D, false),
                new RecurrentSpec("r", CellType.LSTM, D, 0)), new SoftmaxSpec("out", V, 0, StepWeights.NONE, 0, "e")))
                .hasMessageContaining("12 symbols for 11 classes");
        ModelSpec wide = ModelSpec.of(List.of(new EmbeddingSpec("e", V, D, false), new RecurrentSpec("r", CellType.LSTM, 2 * D,
                0)), new SoftmaxSpec("out", V, 0, StepWeights.NONE, 0, "e"));
        assertThatThrownBy(() -> wide.build(Precision.FLOAT)).hasMessageContaining("[11, 4]")
                .hasMessageContaining("[classes, input width] = [11, 8]");
    }

    @Test
    void aPipelineStageMayNotWriteAnotherStagesTiedTable() {
        Placement split = new Placement(List.of(List.of("e"), List.of("r", "out")), List.of(0, 1), 1, Schedule.GPIPE);
        assertThatThrownBy(() -> Pipelines.check(spec("e", 0), split, 2)).hasMessageContaining("placement.stages")
                .hasMessageContaining("tied to embedding 'e', which is in an earlier stage");
        Pipelines.check(spec("", 0), split, 2);
    }
}
