package dev.braid.worker.seq2seq;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Initializer;
import dev.braid.worker.nn.ParamLayout;
import dev.braid.worker.nn.Scratch;
import dev.braid.worker.nn.Slot;
import java.util.SplittableRandom;

/**
 * Global attention of decoder states over an {@link EncoderMemory}, combined into the attentional
 * hidden state {@code o = tanh(W_c [ctx; h] + b_c)}. Decoder rows may share memory rows (beam search):
 * {@code memoryRow[r]} names the source row decoder row r attends over.
 */
public final class Attention {
    private final AttentionType type;
    private final int encDim;
    private final int decDim;
    private final int keyDim;
    private final Slot wKey;
    private final Slot wQuery;
    private final Slot v;
    private final Slot wCombine;
    private final Slot bCombine;
    private Kernels k;
    private Buf params;
    private Buf grads;

    private EncoderMemory mem;
    private Buf dec;
    private int steps;
    private int rows;
    private int[] memRow;
    private Buf query;
    private Buf tanhU;
    private Buf alpha;
    private Buf ctx;
    private Buf cat;
    private Buf out;
    private Buf encB;
    private Buf keyB;
    private Buf decB;
    private Buf work;
    private Buf dCat;
    private Buf dDec;
    private Buf dEnc;
    private Buf dKeys;
    private Buf dQuery;
    private Buf dz;

    public Attention(String name, ParamLayout layout, AttentionType type, int encDim, int decDim) {
        this.type = type;
        this.encDim = encDim;
        this.decDim = decDim;
        this.keyDim = decDim;
        this.wKey = layout.add(name + ".Wk", encDim, keyDim);
        this.wQuery = type == AttentionType.BAHDANAU ? layout.add(name + ".Wq", decDim, keyDim) : null;
        this.v = type == AttentionType.BAHDANAU ? layout.add(name + ".v", 1, keyDim) : null;
        this.wCombine = layout.add(name + ".Wc", encDim + decDim, decDim);
        this.bCombine = layout.add(name + ".bc", 1, decDim);
    }

    public void bind(Kernels kernels, Buf p, Buf g) {
        this.k = kernels;
        this.params = p;
        this.grads = g;
    }

    public void init(Buf p, SplittableRandom rng) {
        Initializer.xavier(p, wKey, encDim, keyDim, rng);
        if (type == AttentionType.BAHDANAU) {
            Initializer.xavier(p, wQuery, decDim, keyDim, rng);
            Initializer.uniform(p, v, Math.sqrt(3.0 / keyDim), rng);
        }
        Initializer.xavier(p, wCombine, encDim + decDim, decDim, rng);
        Initializer.columns(p, bCombine, 0, decDim, 0);
    }

    /** The memory of encoder outputs {@code enc [Ts*B, encDim]}: keys computed once here. */
    public EncoderMemory memory(Buf enc, int srcSteps, int srcRows, int[] lengths) {
        Buf keys = k.alloc(srcSteps * srcRows * keyDim);
        k.gemm(false, false, srcSteps * srcRows, keyDim, encDim, 1, enc, 0, params, wKey.offset(), 0, keys, 0);
        return new EncoderMemory(enc, keys, srcSteps, srcRows, lengths);
    }

    /** Attention weights {@code [rows][steps][Ts]} of the last forward, flattened; row r, step t, source j. */
    public Buf weights() {
        return alpha;
    }

    /** Attentional states {@code o [Td*R, decDim]} for decoder outputs {@code h [Td*R, decDim]}. */
    public Buf forward(Buf h, int decSteps, int decRows, EncoderMemory memory, int[] memoryRow) {
        this.mem = memory;
        this.dec = h;
        this.steps = decSteps;
        this.rows = decRows;
        this.memRow = memoryRow;
        int ts = memory.steps();
        int n = decSteps * decRows;
        alpha = Scratch.ensure(k, alpha, decRows * decSteps * ts);
        ctx = Scratch.ensure(k, ctx, n * encDim);
        encB = Scratch.ensure(k, encB, ts * encDim);
        keyB = Scratch.ensure(k, keyB, ts * keyDim);
        decB = Scratch.ensure(k, decB, decSteps * Math.max(decDim, encDim));
        if (type == AttentionType.BAHDANAU) {
            query = Scratch.ensure(k, query, n * keyDim);
            tanhU = Scratch.ensure(k, tanhU, decRows * decSteps * ts * keyDim);
            k.gemm(false, false, n, keyDim, decDim, 1, h, 0, params, wQuery.offset(), 0, query, 0);
        }
        for (int r = 0; r < decRows; r++) {
            int m = memoryRow[r];
            int aOff = r * decSteps * ts;
            gather(memory.enc(), encDim, ts, memory.rows(), m, encB);
            gather(memory.keys(), keyDim, ts, memory.rows(), m, keyB);
            if (type == AttentionType.LUONG) {
                gather(h, decDim, decSteps, decRows, r, decB);
                k.gemm(false, true, decSteps, ts, decDim, 1, decB, 0, keyB, 0, 0, alpha, aOff);
            } else {
                additiveScores(r, m, ts, aOff);
            }
            for (int t = 0; t < decSteps; t++) {
                k.softmaxRowsMasked(alpha, aOff + t * ts, 1, ts, memory.lengths(), m);
            }
            k.gemm(false, false, decSteps, encDim, ts, 1, alpha, aOff, encB, 0, 0, decB, 0);
            scatter(decB, encDim, decSteps, decRows, r, ctx, false);
        }
        return combine(h, n);
    }

    private void additiveScores(int r, int m, int ts, int aOff) {
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < ts; j++) {
                int u = ((r * steps + t) * ts + j) * keyDim;
                k.add(query, (t * rows + r) * keyDim, keyB, j * keyDim, tanhU, u, keyDim);
                k.tanh(tanhU, u, tanhU, u, keyDim);
                alpha.set(aOff + t * ts + j, k.dot(tanhU, u, params, v.offset(), keyDim));
            }
        }
    }

    private Buf combine(Buf h, int n) {
        cat = Scratch.ensure(k, cat, n * (encDim + decDim));
        for (int i = 0; i < n; i++) {
            k.copy(ctx, i * encDim, cat, i * (encDim + decDim), encDim);
            k.copy(h, i * decDim, cat, i * (encDim + decDim) + encDim, decDim);
        }
        out = Scratch.ensure(k, out, n * decDim);
        k.gemm(false, false, n, decDim, encDim + decDim, 1, cat, 0, params, wCombine.offset(), 0, out, 0);
        k.addRowVector(out, 0, n, decDim, params, bCombine.offset());
        k.tanh(out, 0, out, 0, n * decDim);
        return out;
    }

    /**
     * Back-propagates {@code dOut [Td*R, decDim]}: accumulates parameter gradients, returns the gradient
     * of the decoder states; the gradient of the encoder outputs is then {@link #encoderGradient()}.
     */
    public Buf backward(Buf dOut) {
        int n = steps * rows;
        int ts = mem.steps();
        int cd = encDim + decDim;
        dz = Scratch.ensure(k, dz, n * decDim);
        k.tanhBackward(out, 0, dOut, 0, dz, 0, n * decDim);
        k.gemm(true, false, cd, decDim, n, 1, cat, 0, dz, 0, 1, grads, wCombine.offset());
        k.addColumnSums(dz, 0, n, decDim, decDim, grads, bCombine.offset());
        dCat = Scratch.ensure(k, dCat, n * cd);
        k.gemm(false, true, n, cd, decDim, 1, dz, 0, params, wCombine.offset(), 0, dCat, 0);
        dDec = Scratch.ensure(k, dDec, n * decDim);
        for (int i = 0; i < n; i++) {
            k.copy(dCat, i * cd + encDim, dDec, i * decDim, decDim);
        }
        int memSize = ts * mem.rows();
        dEnc = Scratch.ensure(k, dEnc, memSize * encDim);
        dKeys = Scratch.ensure(k, dKeys, memSize * keyDim);
        k.fill(dEnc, 0, memSize * encDim, 0);
        k.fill(dKeys, 0, memSize * keyDim, 0);
        if (type == AttentionType.BAHDANAU) {
            dQuery = Scratch.ensure(k, dQuery, n * keyDim);
            k.fill(dQuery, 0, n * keyDim, 0);
        }
        work = Scratch.ensure(k, work, Math.max(steps * ts, keyDim) + ts * Math.max(encDim, keyDim));
        for (int r = 0; r < rows; r++) {
            backwardRow(r, ts);
        }
        k.gemm(true, false, encDim, keyDim, memSize, 1, mem.enc(), 0, dKeys, 0, 1, grads, wKey.offset());
        k.gemm(false, true, memSize, encDim, keyDim, 1, dKeys, 0, params, wKey.offset(), 1, dEnc, 0);
        if (type == AttentionType.BAHDANAU) {
            k.gemm(true, false, decDim, keyDim, n, 1, dec, 0, dQuery, 0, 1, grads, wQuery.offset());
            k.gemm(false, true, n, decDim, keyDim, 1, dQuery, 0, params, wQuery.offset(), 1, dDec, 0);
        }
        return dDec;
    }

    /** Gradient of the encoder outputs {@code [Ts*B, encDim]} from the last {@link #backward}. */
    public Buf encoderGradient() {
        return dEnc;
    }

    private void backwardRow(int r, int ts) {
        int m = memRow[r];
        int aOff = r * steps * ts;
        int dAlpha = 0;
        int side = steps * ts;
        gather(mem.enc(), encDim, ts, mem.rows(), m, encB);
        gatherColumns(dCat, encDim + decDim, encDim, r, decB);
        // dAlpha = dCtx * E^T ; dE = alpha^T * dCtx
        k.gemm(false, true, steps, ts, encDim, 1, decB, 0, encB, 0, 0, work, dAlpha);
        k.gemm(true, false, ts, encDim, steps, 1, alpha, aOff, decB, 0, 0, work, side);
        scatter(work, side, encDim, ts, mem.rows(), m, dEnc);
        k.softmaxBackward(alpha, aOff, work, dAlpha, work, dAlpha, steps, ts);
        if (type == AttentionType.LUONG) {
            gather(mem.keys(), keyDim, ts, mem.rows(), m, keyB);
            gather(dec, decDim, steps, rows, r, decB);
            // dKeys_m += dS^T * H_r ; dH_r += dS * K_m
            k.gemm(true, false, ts, keyDim, steps, 1, work, dAlpha, decB, 0, 0, work, side);
            scatter(work, side, keyDim, ts, mem.rows(), m, dKeys);
            k.gemm(false, false, steps, keyDim, ts, 1, work, dAlpha, keyB, 0, 0, decB, 0);
            scatter(decB, decDim, steps, rows, r, dDec, true);
        } else {
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < ts; j++) {
                    double g = work.get(dAlpha + t * ts + j);
                    if (g == 0) {
                        continue;
                    }
                    int u = ((r * steps + t) * ts + j) * keyDim;
                    k.axpy(g, tanhU, u, grads, v.offset(), keyDim);
                    k.tanhBackward(tanhU, u, params, v.offset(), work, side, keyDim);
                    k.axpy(g, work, side, dQuery, (t * rows + r) * keyDim, keyDim);
                    k.axpy(g, work, side, dKeys, (j * mem.rows() + m) * keyDim, keyDim);
                }
            }
        }
    }

    /** Copies row {@code r} of every step of a time-major {@code [steps*rowCount, dim]} matrix into {@code dst [steps, dim]}. */
    private void gather(Buf src, int dim, int stepCount, int rowCount, int r, Buf dst) {
        for (int t = 0; t < stepCount; t++) {
            k.copy(src, (t * rowCount + r) * dim, dst, t * dim, dim);
        }
    }

    /** The first {@code width} columns of row r's steps of a time-major matrix with rows of {@code ld}. */
    private void gatherColumns(Buf src, int ld, int width, int r, Buf dst) {
        for (int t = 0; t < steps; t++) {
            k.copy(src, (t * rows + r) * ld, dst, t * width, width);
        }
    }

    /** Writes (or adds) {@code src [steps, dim]} into row r of a time-major matrix. */
    private void scatter(Buf src, int dim, int stepCount, int rowCount, int r, Buf dst, boolean add) {
        for (int t = 0; t < stepCount; t++) {
            int d = (t * rowCount + r) * dim;
            if (add) {
                k.add(dst, d, src, t * dim, dst, d, dim);
            } else {
                k.copy(src, t * dim, dst, d, dim);
            }
        }
    }

    /** Adds {@code src[srcOff..] [stepCount, dim]} into row m of a time-major matrix. */
    private void scatter(Buf src, int srcOff, int dim, int stepCount, int rowCount, int m, Buf dst) {
        for (int t = 0; t < stepCount; t++) {
            int d = (t * rowCount + m) * dim;
            k.add(dst, d, src, srcOff + t * dim, dst, d, dim);
        }
    }
}
