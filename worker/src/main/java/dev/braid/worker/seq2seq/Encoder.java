package dev.braid.worker.seq2seq;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Dropout;
import dev.braid.worker.nn.ParamLayout;
import dev.braid.worker.nn.Scratch;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.rnn.RecurrentLayer;
import java.util.SplittableRandom;

/**
 * Stacked recurrent encoder over right-padded sources, optionally bidirectional: the backward layer
 * reads each row reversed up to its own length, so it starts at the row's last real token; its outputs
 * are put back in source order and concatenated to the forward outputs. Outputs at padded positions
 * are computed but never used.
 */
public final class Encoder {
    private final RecurrentLayer[] fwd;
    private final RecurrentLayer[] bwd;
    private final Dropout[] dropout;
    private final int hidden;
    private final int nIn;
    private Kernels k;
    private final Buf[] revIn;
    private final Buf[] revOut;
    private final Buf[] cat;
    private final Buf[] dFwd;
    private final Buf[] dBwd;
    private final Buf[] dx;
    private int steps;
    private int rows;
    private int[] lengths;

    public Encoder(ParamLayout layout, CellType cell, int nIn, int hidden, int layers, boolean bidirectional, double dropoutRate) {
        this.hidden = hidden;
        this.nIn = nIn;
        this.fwd = new RecurrentLayer[layers];
        this.bwd = bidirectional ? new RecurrentLayer[layers] : null;
        this.dropout = new Dropout[layers];
        int in = nIn;
        for (int l = 0; l < layers; l++) {
            fwd[l] = cell.create("enc" + l + ".fwd", layout, in, hidden);
            if (bidirectional) {
                bwd[l] = cell.create("enc" + l + ".bwd", layout, in, hidden);
            }
            dropout[l] = new Dropout(dropoutRate);
            in = outputDim();
        }
        revIn = new Buf[layers];
        revOut = new Buf[layers];
        cat = new Buf[layers];
        dFwd = new Buf[layers];
        dBwd = new Buf[layers];
        dx = new Buf[layers];
    }

    public int outputDim() {
        return bwd == null ? hidden : 2 * hidden;
    }

    public boolean bidirectional() {
        return bwd != null;
    }

    public int hidden() {
        return hidden;
    }

    public void bind(Kernels kernels, Buf p, Buf g) {
        this.k = kernels;
        for (int l = 0; l < fwd.length; l++) {
            fwd[l].bind(kernels, p, g);
            if (bwd != null) {
                bwd[l].bind(kernels, p, g);
            }
            dropout[l].bind(kernels);
        }
    }

    public void init(Buf p, SplittableRandom rng) {
        for (int l = 0; l < fwd.length; l++) {
            fwd[l].init(p, rng);
            if (bwd != null) {
                bwd[l].init(p, rng);
            }
        }
    }

    /** Top-layer outputs {@code [T*B, outputDim]} of inputs {@code x [T*B, nIn]}. */
    public Buf forward(Buf x, int t, int b, int[] rowLengths, boolean training, SplittableRandom rng) {
        this.steps = t;
        this.rows = b;
        this.lengths = rowLengths;
        int n = t * b;
        for (int l = 0; l < fwd.length; l++) {
            int in = l == 0 ? nIn : outputDim();
            Buf f = fwd[l].forward(x, t, b, fwd[l].newState(b), null);
            Buf out = f;
            if (bwd != null) {
                revIn[l] = reverse(x, in, revIn[l]);
                Buf r = bwd[l].forward(revIn[l], t, b, bwd[l].newState(b), null);
                revOut[l] = reverse(r, hidden, revOut[l]);
                cat[l] = Scratch.ensure(k, cat[l], n * 2 * hidden);
                for (int i = 0; i < n; i++) {
                    k.copy(f, i * hidden, cat[l], i * 2 * hidden, hidden);
                    k.copy(revOut[l], i * hidden, cat[l], i * 2 * hidden + hidden, hidden);
                }
                out = cat[l];
            }
            x = dropout[l].forward(out, n * outputDim(), training, rng);
        }
        return x;
    }

    /** Gradient of the inputs from the gradient of the top outputs. */
    public Buf backward(Buf dTop) {
        int n = steps * rows;
        Buf d = dTop;
        for (int l = fwd.length - 1; l >= 0; l--) {
            d = dropout[l].backward(d);
            if (bwd == null) {
                d = fwd[l].backward(d);
                continue;
            }
            dFwd[l] = Scratch.ensure(k, dFwd[l], n * hidden);
            Buf dRevSrc = Scratch.ensure(k, dBwd[l], n * hidden);
            for (int i = 0; i < n; i++) {
                k.copy(d, i * 2 * hidden, dFwd[l], i * hidden, hidden);
                k.copy(d, i * 2 * hidden + hidden, dRevSrc, i * hidden, hidden);
            }
            dBwd[l] = dRevSrc;
            Buf dRev = reverse(dRevSrc, hidden, null);
            Buf dxF = fwd[l].backward(dFwd[l]);
            int in = l == 0 ? nIn : outputDim();
            Buf dxB = reverse(bwd[l].backward(dRev), in, null);
            dx[l] = Scratch.ensure(k, dx[l], n * in);
            k.add(dxF, 0, dxB, 0, dx[l], 0, n * in);
            d = dx[l];
        }
        return d;
    }

    /** Row-wise reversal of each row's first {@code length} steps; padded steps stay in place. */
    private Buf reverse(Buf src, int dim, Buf dst) {
        Buf out = Scratch.ensure(k, dst, steps * rows * dim);
        for (int b = 0; b < rows; b++) {
            int len = lengths[b];
            for (int t = 0; t < steps; t++) {
                int from = t < len ? len - 1 - t : t;
                k.copy(src, (from * rows + b) * dim, out, (t * rows + b) * dim, dim);
            }
        }
        return out;
    }
}
