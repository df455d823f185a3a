package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Dropout;
import dev.braid.worker.nn.Scratch;
import dev.braid.worker.rnn.RecurrentLayer;
import java.util.SplittableRandom;

/**
 * Two recurrent layers over right-padded rows: the forward one reads each row in order, the backward
 * one reads it reversed up to its own length (so it starts at the row's last real step) and its
 * outputs are put back in order; the two are concatenated, then dropout. Outputs at padded positions
 * are computed but never used. Both start every row from a zero state.
 */
final class BidirectionalUnit implements Layer {
    private final BidirectionalSpec spec;
    private final boolean encoder;
    private final int nIn;
    private final int hidden;
    private final RecurrentLayer fwd;
    private final RecurrentLayer bwd;
    private final Dropout dropout;
    private Kernels k;
    private Buf revIn;
    private Buf fwdMask;
    private Buf bwdMask;
    private Buf revOut;
    private Buf cat;
    private Buf dFwd;
    private Buf dBwd;
    private Buf dRev;
    private Buf dxB;
    private Buf dx;
    private int steps;
    private int rows;
    private int[] lengths;

    BidirectionalUnit(BidirectionalSpec spec, BuildContext at) {
        this.spec = spec;
        this.encoder = at.encoder();
        this.nIn = at.inputWidth();
        this.hidden = spec.layer().hidden();
        boolean peep = spec.layer().peephole();
        this.fwd = spec.layer().cell().create(spec.name() + ".fwd", at.layout(), nIn, hidden, peep);
        this.bwd = spec.layer().cell().create(spec.name() + ".bwd", at.layout(), nIn, hidden, peep);
        this.dropout = new Dropout(spec.layer().dropout());
    }

    @Override public String name() {
        return spec.name();
    }

    @Override public int width() {
        return 2 * hidden;
    }

    @Override public void bind(Kernels kernels, Buf params, Buf grads) {
        this.k = kernels;
        fwd.bind(kernels, params, grads);
        bwd.bind(kernels, params, grads);
        dropout.bind(kernels);
    }

    @Override public void init(Buf params, SplittableRandom rng) {
        fwd.init(params, rng);
        bwd.init(params, rng);
    }

    @Override public Seq forward(Seq in, Pass pass) {
        steps = in.steps();
        rows = in.rows();
        lengths = pass.input(encoder).lengths();
        int n = steps * rows;
        double rate = spec.layer().recurrentDropout();
        fwdMask = RecurrentMask.draw(k, fwdMask, rate, rows * hidden, pass);
        fwd.recurrentMask(fwdMask);
        Buf f = fwd.forward(in.values(), steps, rows, fwd.newState(rows), null);
        bwdMask = RecurrentMask.draw(k, bwdMask, rate, rows * hidden, pass);
        bwd.recurrentMask(bwdMask);
        revIn = reverse(in.values(), nIn, revIn);
        Buf r = bwd.forward(revIn, steps, rows, bwd.newState(rows), null);
        revOut = reverse(r, hidden, revOut);
        cat = Scratch.ensure(k, cat, n * 2 * hidden);
        for (int i = 0; i < n; i++) {
            k.copy(f, i * hidden, cat, i * 2 * hidden, hidden);
            k.copy(revOut, i * hidden, cat, i * 2 * hidden + hidden, hidden);
        }
        return new Seq(dropout.forward(cat, n * 2 * hidden, pass.training(), pass.rng()), steps, rows);
    }

    @Override public Buf backward(Buf dOut, Pass pass) {
        int n = steps * rows;
        Buf d = dropout.backward(dOut);
        dFwd = Scratch.ensure(k, dFwd, n * hidden);
        dBwd = Scratch.ensure(k, dBwd, n * hidden);
        for (int i = 0; i < n; i++) {
            k.copy(d, i * 2 * hidden, dFwd, i * hidden, hidden);
            k.copy(d, i * 2 * hidden + hidden, dBwd, i * hidden, hidden);
        }
        dRev = reverse(dBwd, hidden, dRev);
        Buf dxF = fwd.backward(dFwd);
        dxB = reverse(bwd.backward(dRev), nIn, dxB);
        dx = Scratch.ensure(k, dx, n * nIn);
        k.add(dxF, 0, dxB, 0, dx, 0, n * nIn);
        return dx;
    }

    /** Row-wise reversal of each row's first {@code length} steps; padded steps stay in place. */
    private Buf reverse(Buf src, int dim, Buf dst) {
        Buf out = Scratch.ensure(k, dst, steps * rows * dim);
        for (int b = 0; b < rows; b++) {
            int len = lengths == null ? steps : lengths[b];
            for (int t = 0; t < steps; t++) {
                int from = t < len ? len - 1 - t : t;
                k.copy(src, (from * rows + b) * dim, out, (t * rows + b) * dim, dim);
            }
        }
        return out;
    }

    @Override public int directions() {
        return 2;
    }
}
