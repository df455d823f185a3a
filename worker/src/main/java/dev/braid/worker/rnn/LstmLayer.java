package dev.braid.worker.rnn;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.nn.Initializer;
import dev.braid.worker.nn.ParamLayout;
import dev.braid.worker.nn.Scratch;
import java.util.SplittableRandom;

/** LSTM with gates {@code [i f o g]}, forget-gate bias initialised to 1. */
final class LstmLayer extends RecurrentLayer {
    private Buf cell;
    private Buf cPrev;
    private Buf tanhCell;
    private Buf rec;
    private Buf dcNext;

    LstmLayer(String name, ParamLayout layout, int nIn, int hidden) {
        super(name, layout, nIn, hidden, 4);
    }

    @Override public CellType type() {
        return CellType.LSTM;
    }

    @Override public void init(Buf p, SplittableRandom rng) {
        super.init(p, rng);
        Initializer.columns(p, b, hidden, 2 * hidden, 1.0);
    }

    @Override protected void allocateForward(int n) {
        cell = Scratch.ensure(k, cell, n * hidden);
        cPrev = Scratch.ensure(k, cPrev, n * hidden);
        tanhCell = Scratch.ensure(k, tanhCell, n * hidden);
        rec = Scratch.ensure(k, rec, rows * 4 * hidden);
    }

    @Override protected void allocateBackward(int n) {
        dcNext = Scratch.ensure(k, dcNext, rows * hidden);
    }

    @Override protected void forwardSteps(LayerState state) {
        int bh = rows * hidden;
        for (int t = 0; t < steps; t++) {
            if (t == 0) {
                previous(state.buf(), state.offset(0), hPrev, 0);
                previous(state.buf(), state.offset(1), cPrev, 0);
            } else {
                previous(out, (t - 1) * bh, hPrev, t);
                previous(cell, (t - 1) * bh, cPrev, t);
            }
            k.gemm(false, false, rows, 4 * hidden, hidden, 1, hPrev, t * bh, params, u.offset(), 0, rec, 0);
            k.lstmForward(proj, t * 4 * bh, rec, 0, cPrev, t * bh, cell, t * bh, tanhCell, t * bh, out, t * bh,
                    rows, hidden);
        }
        k.copy(out, (steps - 1) * bh, state.buf(), state.offset(0), bh);
        k.copy(cell, (steps - 1) * bh, state.buf(), state.offset(1), bh);
    }

    @Override protected void backwardSteps(Buf dOut) {
        int bh = rows * hidden;
        if (carry == null) {
            k.fill(dcNext, 0, bh, 0);
        } else {
            k.copy(carry.buf(), carry.offset(1), dcNext, 0, bh);
        }
        for (int t = steps - 1; t >= 0; t--) {
            k.add(dOut, t * bh, dhNext, 0, dh, 0, bh);
            k.lstmBackward(proj, t * 4 * bh, cPrev, t * bh, tanhCell, t * bh, dh, 0, dcNext, 0, dProj, t * 4 * bh,
                    rows, hidden);
            if (needsPreviousGradient(t)) {
                k.gemm(false, true, rows, hidden, 4 * hidden, 1, dProj, t * 4 * bh, params, u.offset(), 0, dhNext, 0);
                resetGradient(dhNext, t);
                resetGradient(dcNext, t);
            }
        }
        if (carry != null) {
            k.copy(dcNext, 0, carry.buf(), carry.offset(1), bh);
        }
    }

    @Override protected Buf dRecurrent() {
        return dProj;
    }
}
