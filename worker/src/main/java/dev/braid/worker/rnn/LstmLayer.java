package dev.braid.worker.rnn;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.nn.Initializer;
import dev.braid.worker.nn.ParamLayout;
import dev.braid.worker.nn.Scratch;
import java.util.SplittableRandom;

/**
 * LSTM with gates {@code [i f o g]}, forget-gate bias initialised to 1; with peepholes
 * ({@code <name>.P [1, 3H]}, initialised to 0) the gates also read the cell state.
 */
final class LstmLayer extends RecurrentLayer {
    private final dev.braid.worker.nn.Slot peep;
    private Buf cell;
    private Buf cPrev;
    private Buf tanhCell;
    private Buf rec;
    private Buf dcNext;

    LstmLayer(String name, ParamLayout layout, int nIn, int hidden, boolean peephole) {
        super(name, layout, nIn, hidden, 4);
        this.peep = peephole ? layout.add(name + ".P", 1, 3 * hidden) : null;
    }

    @Override public CellType type() {
        return CellType.LSTM;
    }

    @Override public void init(Buf p, SplittableRandom rng) {
        super.init(p, rng);
        Initializer.columns(p, b, hidden, 2 * hidden, 1.0);
        if (peep != null) {
            Initializer.columns(p, peep, 0, 3 * hidden, 0);
        }
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
            k.gemm(false, false, rows, 4 * hidden, hidden, 1, recurrentInput(t), t * bh, params, u.offset(), 0, rec, 0);
            if (peep == null) {
                k.lstmForward(proj, t * 4 * bh, rec, 0, cPrev, t * bh, cell, t * bh, tanhCell, t * bh, out, t * bh,
                        rows, hidden);
            } else {
                k.lstmPeepholeForward(proj, t * 4 * bh, rec, 0, params, peep.offset(), cPrev, t * bh, cell, t * bh,
                        tanhCell, t * bh, out, t * bh, rows, hidden);
            }
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
            if (peep == null) {
                k.lstmBackward(proj, t * 4 * bh, cPrev, t * bh, tanhCell, t * bh, dh, 0, dcNext, 0, dProj, t * 4 * bh,
                        rows, hidden);
            } else {
                k.lstmPeepholeBackward(proj, t * 4 * bh, params, peep.offset(), cPrev, t * bh, cell, t * bh, tanhCell,
                        t * bh, dh, 0, dcNext, 0, dProj, t * 4 * bh, grads, peep.offset(), rows, hidden);
            }
            if (needsPreviousGradient(t)) {
                recurrentGradient(dProj, t * 4 * bh, 0);
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
