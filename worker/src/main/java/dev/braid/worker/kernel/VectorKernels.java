package dev.braid.worker.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision kernels with the JDK Vector API. Each cell kernel makes one pass over a timestep
 * block; transcendental functions are the API's TANH/EXP (SVML intrinsics on x86), sigmoid is written
 * as {@code 0.5 + 0.5 tanh(x/2)} so it costs one of them. Row tails shorter than a vector use masks.
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorMask<Float> ALL = S.maskAll(true);

    private final NativeBlas blas = new NativeBlas();

    @Override public Precision precision() {
        return Precision.FLOAT;
    }

    @Override public Buf alloc(int n) {
        return new Buf.F32(n);
    }

    private static float[] f(Buf b) {
        return ((Buf.F32) b).a;
    }

    private static VectorMask<Float> mask(int j, int n) {
        return j + L <= n ? ALL : S.indexInRange(j, n);
    }

    private static FloatVector load(float[] a, int off, VectorMask<Float> m) {
        return m == ALL ? FloatVector.fromArray(S, a, off) : FloatVector.fromArray(S, a, off, m);
    }

    private static void store(FloatVector v, float[] a, int off, VectorMask<Float> m) {
        if (m == ALL) {
            v.intoArray(a, off);
        } else {
            v.intoArray(a, off, m);
        }
    }

    private static FloatVector sigmoid(FloatVector x) {
        return x.mul(0.5f).lanewise(VectorOperators.TANH).mul(0.5f).add(0.5f);
    }

    private static FloatVector tanh(FloatVector x) {
        return x.lanewise(VectorOperators.TANH);
    }

    @Override public void gemm(boolean ta, boolean tb, int m, int n, int k, double alpha,
                               Buf a, int aOff, Buf b, int bOff, double beta, Buf c, int cOff) {
        blas.sgemm(ta, tb, m, n, k, (float) alpha, (Buf.F32) a, aOff, (Buf.F32) b, bOff, (float) beta, (Buf.F32) c, cOff);
    }

    @Override public void fill(Buf x, int off, int n, double value) {
        java.util.Arrays.fill(f(x), off, off + n, (float) value);
    }

    @Override public void copy(Buf src, int srcOff, Buf dst, int dstOff, int n) {
        System.arraycopy(f(src), srcOff, f(dst), dstOff, n);
    }

    @Override public void add(Buf a, int aOff, Buf b, int bOff, Buf out, int outOff, int n) {
        float[] x = f(a), y = f(b), o = f(out);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = mask(i, n);
            store(load(x, aOff + i, m).add(load(y, bOff + i, m)), o, outOff + i, m);
        }
    }

    @Override public void mul(Buf x, int xOff, Buf y, int yOff, int n) {
        float[] a = f(x), b = f(y);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = mask(i, n);
            store(load(a, xOff + i, m).mul(load(b, yOff + i, m)), a, xOff + i, m);
        }
    }

    @Override public void scale(Buf x, int off, int n, double s) {
        float[] a = f(x);
        float fs = (float) s;
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = mask(i, n);
            store(load(a, off + i, m).mul(fs), a, off + i, m);
        }
    }

    @Override public double sumSquares(Buf x, int off, int n) {
        float[] a = f(x);
        double total = 0;
        for (int start = 0; start < n; start += 4096) {
            int end = Math.min(n, start + 4096);
            FloatVector acc = FloatVector.zero(S);
            for (int i = start; i < end; i += L) {
                VectorMask<Float> m = mask(i, end);
                FloatVector v = load(a, off + i, m);
                acc = v.fma(v, acc);
            }
            total += acc.reduceLanes(VectorOperators.ADD);
        }
        return total;
    }

    @Override public void addRowVector(Buf mb, int off, int rows, int cols, Buf vb, int vOff) {
        float[] a = f(mb), v = f(vb);
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols;
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = mask(j, cols);
                store(load(a, base + j, m).add(load(v, vOff + j, m)), a, base + j, m);
            }
        }
    }

    @Override public void addColumnSums(Buf mb, int off, int rows, int cols, int ld, Buf out, int outOff) {
        float[] a = f(mb), o = f(out);
        for (int j = 0; j < cols; j += L) {
            VectorMask<Float> m = mask(j, cols);
            FloatVector acc = load(o, outOff + j, m);
            for (int r = 0; r < rows; r++) {
                acc = acc.add(load(a, off + r * ld + j, m));
            }
            store(acc, o, outOff + j, m);
        }
    }

    @Override public void scaleRows(Buf mb, int off, int rows, int cols, float[] rowScale, int scaleOff) {
        for (int r = 0; r < rows; r++) {
            float s = rowScale[scaleOff + r];
            if (s != 1f) {
                scale(mb, off + r * cols, cols, s);
            }
        }
    }

    @Override public void gatherRows(Buf table, int tableOff, int cols, int[] idx, int count, Buf out, int outOff) {
        float[] t = f(table), o = f(out);
        for (int r = 0; r < count; r++) {
            System.arraycopy(t, tableOff + idx[r] * cols, o, outOff + r * cols, cols);
        }
    }

    @Override public void scatterAddRows(Buf src, int srcOff, int cols, int[] idx, int count, Buf table, int tableOff) {
        for (int r = 0; r < count; r++) {
            add(table, tableOff + idx[r] * cols, src, srcOff + r * cols, table, tableOff + idx[r] * cols, cols);
        }
    }

    @Override public double softmaxCrossEntropy(Buf logits, int off, int rows, int cols, int[] targets,
                                                float[] weights, double smoothing, double scale, Buf dLogits, int dOff) {
        float[] z = f(logits), dz = f(dLogits);
        double loss = 0;
        float uniform = (float) (smoothing / cols);
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols, dBase = dOff + r * cols;
            float max = rowMax(z, base, cols);
            float sum = 0;
            float zSum = 0;
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = mask(j, cols);
                FloatVector zj = load(z, base + j, m);
                FloatVector e = zj.sub(max).lanewise(VectorOperators.EXP);
                store(e, dz, dBase + j, m);
                sum += e.reduceLanes(VectorOperators.ADD, m);
                zSum += zj.reduceLanes(VectorOperators.ADD, m);
            }
            float w = weights[r];
            double logSum = Math.log(sum) + max;
            double rowLoss = (1 - smoothing) * (logSum - z[base + targets[r]]);
            if (smoothing > 0) {
                rowLoss += smoothing * (logSum - zSum / cols);
            }
            loss += w * rowLoss;
            float k = (float) (scale * w) / sum;
            float shift = (float) (scale * w) * uniform;
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = mask(j, cols);
                store(load(dz, dBase + j, m).mul(k).sub(shift), dz, dBase + j, m);
            }
            dz[dBase + targets[r]] -= (float) (scale * w * (1 - smoothing));
        }
        return loss;
    }

    @Override public void logSoftmax(Buf logits, int off, int rows, int cols, Buf out, int outOff) {
        float[] z = f(logits), o = f(out);
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols, oBase = outOff + r * cols;
            float max = rowMax(z, base, cols);
            float sum = 0;
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = mask(j, cols);
                sum += load(z, base + j, m).sub(max).lanewise(VectorOperators.EXP).reduceLanes(VectorOperators.ADD, m);
            }
            float logSum = (float) (Math.log(sum) + max);
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = mask(j, cols);
                store(load(z, base + j, m).sub(logSum), o, oBase + j, m);
            }
        }
    }

    @Override public void softmaxRowsMasked(Buf sb, int off, int rows, int cols, int[] valid, int validOff) {
        float[] s = f(sb);
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols, n = valid[validOff + r];
            float max = rowMax(s, base, n);
            float sum = 0;
            for (int j = 0; j < n; j += L) {
                VectorMask<Float> m = mask(j, n);
                FloatVector e = load(s, base + j, m).sub(max).lanewise(VectorOperators.EXP);
                store(e, s, base + j, m);
                sum += e.reduceLanes(VectorOperators.ADD, m);
            }
            scale(sb, base, n, 1.0 / sum);
            java.util.Arrays.fill(s, base + n, base + cols, 0f);
        }
    }

    @Override public void softmaxBackward(Buf ab, int aOff, Buf dab, int daOff, Buf dsb, int dsOff, int rows, int cols) {
        float[] a = f(ab), da = f(dab), ds = f(dsb);
        for (int r = 0; r < rows; r++) {
            float dotp = (float) dot(ab, aOff + r * cols, dab, daOff + r * cols, cols);
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = mask(j, cols);
                FloatVector aj = load(a, aOff + r * cols + j, m);
                store(aj.mul(load(da, daOff + r * cols + j, m).sub(dotp)), ds, dsOff + r * cols + j, m);
            }
        }
    }

    @Override public void tanh(Buf x, int xOff, Buf out, int outOff, int n) {
        float[] a = f(x), o = f(out);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = mask(i, n);
            store(tanh(load(a, xOff + i, m)), o, outOff + i, m);
        }
    }

    @Override public void tanhBackward(Buf yb, int yOff, Buf dyb, int dyOff, Buf dxb, int dxOff, int n) {
        float[] y = f(yb), dy = f(dyb), dx = f(dxb);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = mask(i, n);
            FloatVector yi = load(y, yOff + i, m);
            store(load(dy, dyOff + i, m).mul(yi.mul(yi).neg().add(1f)), dx, dxOff + i, m);
        }
    }

    @Override public void axpy(double alpha, Buf x, int xOff, Buf y, int yOff, int n) {
        float[] a = f(x), b = f(y);
        float al = (float) alpha;
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = mask(i, n);
            store(load(a, xOff + i, m).mul(al).add(load(b, yOff + i, m)), b, yOff + i, m);
        }
    }

    @Override public double dot(Buf x, int xOff, Buf y, int yOff, int n) {
        float[] a = f(x), b = f(y);
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = mask(i, n);
            acc = load(a, xOff + i, m).fma(load(b, yOff + i, m), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private static float rowMax(float[] z, int base, int cols) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j += L) {
            VectorMask<Float> m = mask(j, cols);
            max = Math.max(max, load(z, base + j, m).reduceLanes(VectorOperators.MAX, m));
        }
        return max;
    }

    @Override public void softmax(Buf logits, int off, int rows, int cols, double temperature, Buf out, int outOff) {
        float[] z = f(logits), o = f(out);
        float inv = (float) (1.0 / temperature);
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols, oBase = outOff + r * cols;
            float max = rowMax(z, base, cols) * inv;
            float sum = 0;
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = mask(j, cols);
                FloatVector e = load(z, base + j, m).mul(inv).sub(max).lanewise(VectorOperators.EXP);
                store(e, o, oBase + j, m);
                sum += e.reduceLanes(VectorOperators.ADD, m);
            }
            scale(out, oBase, cols, 1.0 / sum);
        }
    }

    @Override public void lstmForward(Buf gb, int gOff, Buf rb, int rOff, Buf cpb, int cpOff, Buf cb, int cOff,
                                      Buf tcb, int tcOff, Buf hb, int hOff, int B, int H) {
        float[] g = f(gb), r = f(rb), cp = f(cpb), c = f(cb), tc = f(tcb), h = f(hb);
        for (int b = 0; b < B; b++) {
            int gr = gOff + b * 4 * H, rr = rOff + b * 4 * H, s = b * H;
            for (int j = 0; j < H; j += L) {
                VectorMask<Float> m = mask(j, H);
                FloatVector i = sigmoid(load(g, gr + j, m).add(load(r, rr + j, m)));
                FloatVector fg = sigmoid(load(g, gr + H + j, m).add(load(r, rr + H + j, m)));
                FloatVector o = sigmoid(load(g, gr + 2 * H + j, m).add(load(r, rr + 2 * H + j, m)));
                FloatVector gg = tanh(load(g, gr + 3 * H + j, m).add(load(r, rr + 3 * H + j, m)));
                FloatVector cc = fg.mul(load(cp, cpOff + s + j, m)).add(i.mul(gg));
                FloatVector t = tanh(cc);
                store(i, g, gr + j, m);
                store(fg, g, gr + H + j, m);
                store(o, g, gr + 2 * H + j, m);
                store(gg, g, gr + 3 * H + j, m);
                store(cc, c, cOff + s + j, m);
                store(t, tc, tcOff + s + j, m);
                store(o.mul(t), h, hOff + s + j, m);
            }
        }
    }

    @Override public void lstmBackward(Buf gb, int gOff, Buf cpb, int cpOff, Buf tcb, int tcOff, Buf dhb, int dhOff,
                                       Buf dcb, int dcOff, Buf dgb, int dgOff, int B, int H) {
        float[] g = f(gb), cp = f(cpb), tc = f(tcb), dh = f(dhb), dc = f(dcb), dg = f(dgb);
        for (int b = 0; b < B; b++) {
            int gr = gOff + b * 4 * H, dr = dgOff + b * 4 * H, s = b * H;
            for (int j = 0; j < H; j += L) {
                VectorMask<Float> m = mask(j, H);
                FloatVector i = load(g, gr + j, m), fg = load(g, gr + H + j, m);
                FloatVector o = load(g, gr + 2 * H + j, m), gg = load(g, gr + 3 * H + j, m);
                FloatVector t = load(tc, tcOff + s + j, m), dH = load(dh, dhOff + s + j, m);
                FloatVector dC = load(dc, dcOff + s + j, m).add(dH.mul(o).mul(t.mul(t).neg().add(1f)));
                store(dC.mul(gg).mul(i).mul(i.neg().add(1f)), dg, dr + j, m);
                store(dC.mul(load(cp, cpOff + s + j, m)).mul(fg).mul(fg.neg().add(1f)), dg, dr + H + j, m);
                store(dH.mul(t).mul(o).mul(o.neg().add(1f)), dg, dr + 2 * H + j, m);
                store(dC.mul(i).mul(gg.mul(gg).neg().add(1f)), dg, dr + 3 * H + j, m);
                store(dC.mul(fg), dc, dcOff + s + j, m);
            }
        }
    }

    @Override public void gruForward(Buf pb, int pOff, Buf rb, int rOff, Buf bhnb, int bhnOff, Buf hpb, int hpOff,
                                     Buf hb, int hOff, int B, int H) {
        float[] p = f(pb), r = f(rb), bhn = f(bhnb), hp = f(hpb), h = f(hb);
        for (int b = 0; b < B; b++) {
            int pr = pOff + b * 3 * H, rr = rOff + b * 3 * H, s = b * H;
            for (int j = 0; j < H; j += L) {
                VectorMask<Float> m = mask(j, H);
                FloatVector rg = sigmoid(load(p, pr + j, m).add(load(r, rr + j, m)));
                FloatVector zg = sigmoid(load(p, pr + H + j, m).add(load(r, rr + H + j, m)));
                FloatVector rn = load(r, rr + 2 * H + j, m).add(load(bhn, bhnOff + j, m));
                FloatVector n = tanh(load(p, pr + 2 * H + j, m).add(rg.mul(rn)));
                store(rg, p, pr + j, m);
                store(zg, p, pr + H + j, m);
                store(n, p, pr + 2 * H + j, m);
                store(rn, r, rr + 2 * H + j, m);
                store(n.add(zg.mul(load(hp, hpOff + s + j, m).sub(n))), h, hOff + s + j, m);
            }
        }
    }

    @Override public void gruBackward(Buf pb, int pOff, Buf rb, int rOff, Buf hpb, int hpOff, Buf dhb, int dhOff,
                                      Buf dpb, int dpOff, Buf drb, int drOff, Buf dhpb, int dhpOff, int B, int H) {
        float[] p = f(pb), r = f(rb), hp = f(hpb), dh = f(dhb), dp = f(dpb), dr = f(drb), dhp = f(dhpb);
        for (int b = 0; b < B; b++) {
            int pr = pOff + b * 3 * H, rr = rOff + b * 3 * H, dpr = dpOff + b * 3 * H, drr = drOff + b * 3 * H;
            int s = b * H;
            for (int j = 0; j < H; j += L) {
                VectorMask<Float> m = mask(j, H);
                FloatVector rg = load(p, pr + j, m), zg = load(p, pr + H + j, m), n = load(p, pr + 2 * H + j, m);
                FloatVector rn = load(r, rr + 2 * H + j, m), g = load(dh, dhOff + s + j, m);
                FloatVector oneMinusZ = zg.neg().add(1f);
                FloatVector dnPre = g.mul(oneMinusZ).mul(n.mul(n).neg().add(1f));
                FloatVector dzPre = g.mul(load(hp, hpOff + s + j, m).sub(n)).mul(zg).mul(oneMinusZ);
                FloatVector drPre = dnPre.mul(rn).mul(rg).mul(rg.neg().add(1f));
                store(drPre, dp, dpr + j, m);
                store(dzPre, dp, dpr + H + j, m);
                store(dnPre, dp, dpr + 2 * H + j, m);
                store(drPre, dr, drr + j, m);
                store(dzPre, dr, drr + H + j, m);
                store(dnPre.mul(rg), dr, drr + 2 * H + j, m);
                store(g.mul(zg), dhp, dhpOff + s + j, m);
            }
        }
    }

    @Override public void rnnForward(Buf pb, int pOff, Buf rb, int rOff, Buf hb, int hOff, int B, int H, boolean relu) {
        float[] p = f(pb), r = f(rb), h = f(hb);
        int n = B * H;
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = mask(i, n);
            FloatVector x = load(p, pOff + i, m).add(load(r, rOff + i, m));
            store(relu ? x.max(0f) : tanh(x), h, hOff + i, m);
        }
    }

    @Override public void rnnBackward(Buf hb, int hOff, Buf dhb, int dhOff, Buf dpb, int dpOff, int B, int H, boolean relu) {
        float[] h = f(hb), dh = f(dhb), dp = f(dpb);
        int n = B * H;
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = mask(i, n);
            FloatVector y = load(h, hOff + i, m), g = load(dh, dhOff + i, m);
            FloatVector d = relu
                    ? g.blend(0f, y.compare(VectorOperators.LE, 0f))
                    : g.mul(y.mul(y).neg().add(1f));
            store(d, dp, dpOff + i, m);
        }
    }

    @Override public void adam(Buf pb, Buf gb, Buf state, int n, double lrT, double beta1, double beta2, double eps) {
        float[] p = f(pb), g = f(gb), s = f(state);
        float b1 = (float) beta1, b2 = (float) beta2, lr = (float) lrT, ep = (float) eps;
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = mask(i, n);
            FloatVector gi = load(g, i, m);
            FloatVector mi = load(s, i, m).mul(b1).add(gi.mul(1f - b1));
            FloatVector vi = load(s, n + i, m).mul(b2).add(gi.mul(gi).mul(1f - b2));
            store(mi, s, i, m);
            store(vi, s, n + i, m);
            store(load(p, i, m).sub(mi.mul(lr).div(vi.lanewise(VectorOperators.SQRT).add(ep))), p, i, m);
        }
    }

    @Override public void sgd(Buf pb, Buf gb, int n, double lr) {
        float[] p = f(pb), g = f(gb);
        float fl = (float) lr;
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = mask(i, n);
            store(load(p, i, m).sub(load(g, i, m).mul(fl)), p, i, m);
        }
    }
}
