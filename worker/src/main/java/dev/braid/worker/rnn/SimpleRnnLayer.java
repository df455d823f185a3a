package dev.braid.worker.rnn;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.nn.Initializer;
import dev.braid.worker.nn.ParamLayout;
import dev.braid.worker.nn.Scratch;
import java.util.SplittableRandom;

/**
 * Elman RNN {@code h' = act(W x + U h + b)} with tanh, or ReLU with the recurrent matrix initialised to
 * the identity (IRNN, Le et al. 2015).
 */
final class SimpleRnnLayer extends RecurrentLayer {
    private final boolean relu;
    private Buf rec;

    SimpleRnnLayer(String name, ParamLayout layout, int nIn, int hidden, boolean relu) {
        super(name, layout, nIn, hidden, 1);
        this.relu = relu;
    }

    @Override public CellType type() {
        return relu ? CellType.RNN_RELU : CellType.RNN_TANH;
    }

    @Override public void init(Buf p, SplittableRandom rng) {
        super.init(p, rng);
        if (relu) {
            Initializer.identityBlocks(p, u);
            Initializer.uniform(p, w, 0.01, rng);
        }
    }

    @Override protected void allocateForward(int n) {
        rec = Scratch.ensure(k, rec, rows * hidden);
    }

    @Override protected void allocateBackward(int n) {
        // dR is dProj: the recurrent and input projections meet before the activation
    }

    @Override protected void forwardSteps(LayerState state) {
        int bh = rows * hidden;
        for (int t = 0; t < steps; t++) {
            if (t == 0) {
                previous(state.buf(), state.offset(0), hPrev, 0);
            } else {
                previous(out, (t - 1) * bh, hPrev, t);
            }
            k.gemm(false, false, rows, hidden, hidden, 1, recurrentInput(t), t * bh, params, u.offset(), 0, rec, 0);
            k.rnnForward(proj, t * bh, rec, 0, out, t * bh, rows, hidden, relu);
        }
        k.copy(out, (steps - 1) * bh, state.buf(), state.offset(0), bh);
    }

    @Override protected void backwardSteps(Buf dOut) {
        int bh = rows * hidden;
        for (int t = steps - 1; t >= 0; t--) {
            k.add(dOut, t * bh, dhNext, 0, dh, 0, bh);
            k.rnnBackward(out, t * bh, dh, 0, dProj, t * bh, rows, hidden, relu);
            if (needsPreviousGradient(t)) {
                recurrentGradient(dProj, t * bh, 0);
                resetGradient(dhNext, t);
            }
        }
    }

    @Override protected Buf dRecurrent() {
        return dProj;
    }
}
