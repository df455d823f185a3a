package dev.braid.worker.model;

import dev.braid.worker.kernel.Buf;
import java.util.SplittableRandom;

/**
 * Central finite differences (eps 1e-6, double precision) of a model's mean training loss on a batch,
 * from a carried state, with the dropout masks of the same seed as the analytic step.
 */
public final class FiniteDifferences {
    private FiniteDifferences() {
    }

    /** The worst disagreement of a check, and where. */
    public record Worst(double error, String at) {
    }

    /**
     * Compares every analytic gradient of {@code model} on {@code batch} (state {@code state} for
     * {@code rows} rows imported first, masks from {@code seed}) with central differences. An entry's
     * error is relative, or 0 where the absolute error is below 1e-9 (round-off of a difference with eps 1e-6).
     */
    public static Worst check(StackModel model, Batch batch, float[] state, int rows, long seed) {
        model.importState(state, rows);
        model.kernels().fill(model.grads(), 0, model.layout().size(), 0);
        model.forwardBackward(batch, new SplittableRandom(seed));
        double[] analytic = new double[model.layout().size()];
        for (int i = 0; i < analytic.length; i++) {
            analytic[i] = model.grads().get(i);
        }
        Buf p = model.params();
        double worst = 0;
        String at = "";
        for (int i = 0; i < analytic.length; i++) {
            double orig = p.get(i);
            double[] f = new double[2];
            for (int side = 0; side < 2; side++) {
                p.set(i, orig + (side == 0 ? 1e-6 : -1e-6));
                p.modified();
                model.importState(state, rows);
                f[side] = model.forwardBackward(batch, new SplittableRandom(seed)).mean();
            }
            p.set(i, orig);
            p.modified();
            double numeric = (f[0] - f[1]) / 2e-6;
            double abs = Math.abs(numeric - analytic[i]);
            double err = abs < 1e-9 ? 0 : abs / (Math.abs(numeric) + Math.abs(analytic[i]));
            if (err > worst) {
                worst = err;
                at = slotOf(model, i) + " analytic " + analytic[i] + " numeric " + numeric;
            }
        }
        return new Worst(worst, at);
    }

    private static String slotOf(StackModel model, int i) {
        for (var s : model.layout().slots()) {
            if (i >= s.offset() && i < s.offset() + s.length()) {
                return s.name() + "[" + (i - s.offset()) + "]";
            }
        }
        return "#" + i;
    }
}
