package dev.braid.worker.rnn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.FiniteDifferences;
import dev.braid.worker.model.LmFixtures;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference checks (double precision, central differences) of every analytic gradient of a
 * stacked two-layer model, for every cell, from a zero and from a random non-zero carried state, with
 * document resets and masked targets. An entry passes with relative error below 1e-5, or absolute error
 * below 1e-9 (the round-off floor of a central difference with eps 1e-6 on a loss of order 1). The initial state is a constant of the step (truncated BPTT).
 */
class GradientCheckTest {
    private static final int VOCAB = 7;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (CellType cell : CellType.values()) {
            b.add(Arguments.of(cell, false, false, false));
            b.add(Arguments.of(cell, true, false, false));
            b.add(Arguments.of(cell, true, true, true));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} carriedState={1} resets={2} masked={3}")
    @MethodSource("cases")
    void analyticGradientsMatchFiniteDifferences(CellType cell, boolean carried, boolean resets, boolean masked) {
        LanguageModelSpec spec = new LanguageModelSpec(VOCAB, 4, cell, 5, 2, 0.0);
        StackModel model = spec.build(Precision.DOUBLE);
        model.initParams(11);
        perturbBiases(model, 12);
        int rows = 3;
        Batch batch = LmFixtures.randomBatch(rows, 4, VOCAB, resets, masked, 13);
        model.resetState(rows);
        float[] state = carried ? LmFixtures.randomState(model.exportState().length, 14) : new float[0];

        model.importState(state, rows);
        model.kernels().fill(model.grads(), 0, model.layout().size(), 0);
        model.forwardBackward(batch, new SplittableRandom(1));
        if (carried) {
            assertThat(model.exportState()).as("final state differs from the carried one").isNotEqualTo(state);
        }

        Buf p = model.params();
        double eps = 1e-6;
        double worst = 0;
        String worstAt = "";
        for (int i = 0; i < model.layout().size(); i++) {
            double orig = p.get(i);
            p.set(i, orig + eps);
            p.modified();
            double plus = meanLoss(model, batch, state, rows);
            p.set(i, orig - eps);
            p.modified();
            double minus = meanLoss(model, batch, state, rows);
            p.set(i, orig);
            p.modified();
            double numeric = (plus - minus) / (2 * eps);
            double analytic = model.grads().get(i);
            // relative error, except where both are so small that round-off of the loss (~1e-16 / eps) dominates
            double abs = Math.abs(numeric - analytic);
            double err = abs < 1e-9 ? 0 : abs / (Math.abs(numeric) + Math.abs(analytic));
            if (err > worst) {
                worst = err;
                worstAt = i + " analytic " + analytic + " numeric " + numeric;
            }
        }
        assertThat(worst).as("worst relative error at %s", worstAt).isLessThan(1e-5);
    }

    /**
     * Dropout in the stacked model: the loss is evaluated with the same masks as the analytic step (the
     * same seed), so the check covers the masked forward and backward paths of every cell.
     */
    @ParameterizedTest(name = "{0} with dropout")
    @org.junit.jupiter.params.provider.EnumSource(CellType.class)
    void gradientsWithDropoutMatchFiniteDifferences(CellType cell) {
        StackModel model = new LanguageModelSpec(VOCAB, 4, cell, 5, 2, 0.3).build(Precision.DOUBLE);
        model.initParams(21);
        int rows = 3;
        Batch batch = LmFixtures.randomBatch(rows, 4, VOCAB, false, true, 22);
        model.resetState(rows);
        float[] state = LmFixtures.randomState(model.exportState().length, 23);
        assertThat(FiniteDifferences.check(model, batch, state, rows, 24).error()).isLessThan(1e-5);
    }

    private static double meanLoss(StackModel model, Batch batch, float[] state, int rows) {
        model.importState(state, rows);
        return model.score(batch).mean();
    }

    /** Non-zero biases so that no gradient is checked only at a symmetric point. */
    private static void perturbBiases(StackModel model, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (var slot : model.layout().slots()) {
            if (slot.name().endsWith(".b") || slot.name().endsWith(".bhn")) {
                for (int i = 0; i < slot.length(); i++) {
                    model.params().set(slot.offset() + i, rng.nextDouble() - 0.5);
                }
            }
        }
        model.params().modified();
    }
}
