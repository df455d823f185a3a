package dev.braid.worker.rnn;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.nn.Initializer;
import dev.braid.worker.nn.ParamLayout;
import dev.braid.worker.nn.Scratch;
import dev.braid.worker.nn.Slot;
import java.util.SplittableRandom;

/**
 * GRU with gates {@code [r z n]} in the cuDNN/PyTorch form {@code n = tanh(W_n x + b_n + r * (U_n h + b_hn))},
 * {@code h' = (1 - z) * n + z * h}. The hidden bias {@code b_hn} is its own parameter because the reset
 * gate multiplies it.
 */
final class GruLayer extends RecurrentLayer {
    private final Slot bhn;
    private Buf rec;
    private Buf dRec;

    GruLayer(String name, ParamLayout layout, int nIn, int hidden) {
        super(name, layout, nIn, hidden, 3);
        this.bhn = layout.add(name + ".bhn", 1, hidden);
    }

    @Override public CellType type() {
        return CellType.GRU;
    }

    @Override public void init(Buf p, SplittableRandom rng) {
        super.init(p, rng);
        Initializer.columns(p, bhn, 0, hidden, 0);
    }

    @Override protected void allocateForward(int n) {
        rec = Scratch.ensure(k, rec, n * 3 * hidden);
    }

    @Override protected void allocateBackward(int n) {
        dRec = Scratch.ensure(k, dRec, n * 3 * hidden);
    }

    @Override protected void forwardSteps(LayerState state) {
        int bh = rows * hidden;
        for (int t = 0; t < steps; t++) {
            if (t == 0) {
                previous(state.buf(), state.offset(0), hPrev, 0);
            } else {
                previous(out, (t - 1) * bh, hPrev, t);
            }
            k.gemm(false, false, rows, 3 * hidden, hidden, 1, recurrentInput(t), t * bh, params, u.offset(), 0, rec,
                    t * 3 * bh);
            k.gruForward(proj, t * 3 * bh, rec, t * 3 * bh, params, bhn.offset(), hPrev, t * bh, out, t * bh,
                    rows, hidden);
        }
        k.copy(out, (steps - 1) * bh, state.buf(), state.offset(0), bh);
    }

    @Override protected void backwardSteps(Buf dOut) {
        int bh = rows * hidden;
        for (int t = steps - 1; t >= 0; t--) {
            k.add(dOut, t * bh, dhNext, 0, dh, 0, bh);
            k.gruBackward(proj, t * 3 * bh, rec, t * 3 * bh, hPrev, t * bh, dh, 0, dProj, t * 3 * bh,
                    dRec, t * 3 * bh, dhNext, 0, rows, hidden);
            if (needsPreviousGradient(t)) {
                recurrentGradient(dRec, t * 3 * bh, 1);
                resetGradient(dhNext, t);
            }
        }
        k.addColumnSums(dRec, 2 * hidden, steps * rows, hidden, 3 * hidden, grads, bhn.offset());
    }

    @Override protected Buf dRecurrent() {
        return dRec;
    }
}
