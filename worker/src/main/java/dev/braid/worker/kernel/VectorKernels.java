package dev.braid.worker.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision kernels with the JDK Vector API. Each cell kernel makes one pass over a timestep
 * block. Row tails shorter than a vector use masks.
 *
 * <p>{@code exp} and {@code tanh} (and from it sigmoid) are computed here from additions,
 * multiplications, divisions and exact bit operations (a Cephes polynomial for exp, a rational minimax
 * approximation for tanh, both within a few ulp), not with the API's EXP/TANH: those are SVML
 * intrinsics once C2 has compiled a loop but scalar {@code Math} calls before, which round differently,
 * so results would depend on when the JIT kicked in. IEEE additions, multiplications, divisions and
 * square roots round the same way in every tier, so these kernels give the same bits in every run.
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorMask<Float> ALL = S.maskAll(true);

    private final NativeBlas blas = new NativeBlas();
    private long allocated;

    @Override public Precision precision() {
        return Precision.FLOAT;
    }

    @Override public Buf alloc(int n) {
        allocated += n;
        return new Buf.F32(n);
    }

    @Override public long allocatedValues() {
        return allocated;
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

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f; // 1.5 * 2^23: adding and subtracting it rounds to an integer
    private static final int ROUND_BITS = 0x4B400000;
    private static final FloatVector C_NLN2HI = FloatVector.broadcast(S, -LN2_HI);
    private static final FloatVector C_E3 = FloatVector.broadcast(S, 8.3334519073e-3f);
    private static final FloatVector C_E4 = FloatVector.broadcast(S, 4.1665795894e-2f);
    private static final FloatVector C_E5 = FloatVector.broadcast(S, 1.6666665459e-1f);
    private static final FloatVector C_E6 = FloatVector.broadcast(S, 5.0000001201e-1f);
    private static final FloatVector C_M11 = FloatVector.broadcast(S, -8.60467152213735e-11f);
    private static final FloatVector C_5E8 = FloatVector.broadcast(S, 5.12229709037114e-08f);
    private static final FloatVector C_15E6 = FloatVector.broadcast(S, 1.48572235717979e-05f);
    private static final FloatVector C_64E5 = FloatVector.broadcast(S, 6.37261928875436e-04f);
    private static final FloatVector C_49E4 = FloatVector.broadcast(S, 4.89352455891786e-03f);
    private static final FloatVector C_Q2 = FloatVector.broadcast(S, 2.26843463243900e-03f);
    private static final FloatVector C_Q0 = FloatVector.broadcast(S, 4.89352518554385e-03f);

    /**
     * {@code dst[i] = exp(a * src[i] + b)} for {@code n} values, clamped to the float range. The only
     * place the exponential is computed: vectors never cross a method boundary (C2 boxes vectors it
     * cannot inline, and this body is too large to be inlined reliably).
     */
    static void exp(float[] src, int srcOff, float a, float b, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = mask(i, n);
            FloatVector c = load(src, srcOff + i, m).mul(a).add(b).max(-87.3f).min(88.3f);
            // k = round(c * log2 e), kept in the low mantissa bits of (c * log2 e + 1.5 * 2^23)
            FloatVector shifted = c.mul(LOG2E).add(ROUND);
            FloatVector k = shifted.sub(ROUND);
            FloatVector r = k.fma(C_NLN2HI, c).sub(k.mul(LN2_LO));
            FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f).fma(r, C_E3).fma(r, C_E4).fma(r, C_E5).fma(r, C_E6);
            FloatVector e = p.mul(r).fma(r, r).add(1f);
            // 2^k from the bits directly (an F2I conversion is not intrinsified in JDK 17 and costs 10x)
            IntVector pow2 = shifted.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23);
            store(e.mul(pow2.reinterpretAsFloats()), dst, dstOff + i, m);
        }
    }

    /** {@code x = 1 / (1 + exp(-x)) = 0.5 + 0.5 tanh(x / 2)} in place. */
    private static void sigmoid(float[] x, int off, int n) {
        tanh(x, off, n, 0.5f, 0.5f, 0.5f);
    }

    /** {@code x = tanh(x)} in place. */
    private static void tanh(float[] x, int off, int n) {
        tanh(x, off, n, 1f, 1f, 0f);
    }

    /**
     * {@code x = shift + scale * tanh(inScale * x)} in place, with the odd 13/6 rational minimax
     * approximation Eigen uses for float tanh (a few ulp), clamped where tanh is 1 to float precision. The one place tanh and sigmoid are
     * computed; vectors never cross a method boundary.
     */
    private static void tanh(float[] x, int off, int n, float inScale, float scale, float shift) {
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = mask(i, n);
            FloatVector v = load(x, off + i, m).mul(inScale).max(-7.90531110763549805f).min(7.90531110763549805f);
            FloatVector v2 = v.mul(v);
            // fused multiply-adds round once, identically in every JIT tier (Math.fma / vfmadd)
            FloatVector p = v2.fma(-2.76076847742355e-16f, 2.00018790482477e-13f).fma(v2, C_M11).fma(v2, C_5E8)
                    .fma(v2, C_15E6).fma(v2, C_64E5).fma(v2, C_49E4).mul(v);
            FloatVector q = v2.fma(1.19825839466702e-06f, 1.18534705686654e-04f).fma(v2, C_Q2).fma(v2, C_Q0);
            FloatVector t = p.div(q);
            store(t.fma(scale, shift), x, off + i, m);
        }
    }

    // Element-wise sums and products are plain loops: C2 vectorizes them itself, with the same bits (one
    // IEEE operation per value either way), where the Vector API's masked tails and its fallbacks when a
    // call is not inlined ran lane by lane in the training step (JFR: 30% of the G2P step's Java samples).

    /** {@code x += y}. */
    private static void addTo(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            x[xOff + i] += y[yOff + i];
        }
    }

    private static float sum(float[] x, int off, int n) {
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            acc = acc.add(load(x, off + i, mask(i, n)));
        }
        return acc.reduceLanes(VectorOperators.ADD);
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
        for (int i = 0; i < n; i++) {
            o[outOff + i] = x[aOff + i] + y[bOff + i];
        }
    }

    @Override public void mul(Buf x, int xOff, Buf y, int yOff, int n) {
        float[] a = f(x), b = f(y);
        for (int i = 0; i < n; i++) {
            a[xOff + i] *= b[yOff + i];
        }
    }

    @Override public void scale(Buf x, int off, int n, double s) {
        float[] a = f(x);
        float fs = (float) s;
        for (int i = 0; i < n; i++) {
            a[off + i] *= fs;
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
            for (int j = 0; j < cols; j++) {
                a[base + j] += v[vOff + j];
            }
        }
    }

    @Override public void addColumnSums(Buf mb, int off, int rows, int cols, int ld, Buf out, int outOff) {
        // row by row, so the matrix streams through the cache once; the sums stay in L1
        float[] a = f(mb), o = f(out);
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int r0 = off + r * ld;
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = mask(j, cols);
                FloatVector four = load(a, r0 + j, m).add(load(a, r0 + ld + j, m))
                        .add(load(a, r0 + 2 * ld + j, m).add(load(a, r0 + 3 * ld + j, m)));
                store(load(o, outOff + j, m).add(four), o, outOff + j, m);
            }
        }
        for (; r < rows; r++) {
            for (int j = 0; j < cols; j += L) {
                VectorMask<Float> m = mask(j, cols);
                store(load(o, outOff + j, m).add(load(a, off + r * ld + j, m)), o, outOff + j, m);
            }
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
        if (cols == 1) {
            // single values (the columns of a shortlisted softmax): no copy call per value
            for (int r = 0; r < count; r++) {
                o[outOff + r] = t[tableOff + idx[r]];
            }
            return;
        }
        for (int r = 0; r < count; r++) {
            System.arraycopy(t, tableOff + idx[r] * cols, o, outOff + r * cols, cols);
        }
    }

    @Override public void scatterAddRows(Buf src, int srcOff, int cols, int[] idx, int count, Buf table, int tableOff) {
        if (cols == 1) {
            // the same single float sums as add's, in the same order, without a vector call per value
            float[] s = f(src), t = f(table);
            for (int r = 0; r < count; r++) {
                t[tableOff + idx[r]] += s[srcOff + r];
            }
            return;
        }
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
            exp(z, base, 1f, -max, dz, dBase, cols);
            float total = sum(dz, dBase, cols);
            float w = weights[r];
            double logSum = StrictMath.log(total) + max;
            double rowLoss = (1 - smoothing) * (logSum - z[base + targets[r]]);
            if (smoothing > 0) {
                rowLoss += smoothing * (logSum - sum(z, base, cols) / cols);
            }
            loss += w * rowLoss;
            float k = (float) (scale * w) / total;
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
            exp(z, base, 1f, -max, o, oBase, cols);
            float logSum = (float) (StrictMath.log(sum(o, oBase, cols)) + max);
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
            exp(s, base, 1f, -max, s, base, n);
            scale(sb, base, n, 1.0 / sum(s, base, n));
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
        float[] o = f(out);
        System.arraycopy(f(x), xOff, o, outOff, n);
        tanh(o, outOff, n);
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
        for (int i = 0; i < n; i++) {
            b[yOff + i] = a[xOff + i] * al + b[yOff + i];
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
            exp(z, base, inv, -max, o, oBase, cols);
            scale(out, oBase, cols, 1.0 / sum(o, oBase, cols));
        }
    }

    @Override public void lstmForward(Buf gb, int gOff, Buf rb, int rOff, Buf cpb, int cpOff, Buf cb, int cOff,
                                      Buf tcb, int tcOff, Buf hb, int hOff, int B, int H) {
        float[] g = f(gb), r = f(rb), cp = f(cpb), c = f(cb), tc = f(tcb), h = f(hb);
        float[] scale = gateScale(H);
        // pass 1, per row over all four gates: sigma(x) for i f o, sigma(2x) for g (tanh g = 2 sigma(2g) - 1)
        for (int b = 0; b < B; b++) {
            int gr = gOff + b * 4 * H, rr = rOff + b * 4 * H;
            for (int j = 0; j < 4 * H; j += L) {
                VectorMask<Float> m = mask(j, 4 * H);
                store(load(g, gr + j, m).add(load(r, rr + j, m)).mul(load(scale, j, m)), g, gr + j, m);
            }
            sigmoid(g, gr, 4 * H);
        }
        // pass 2, per row: g = 2 sigma - 1, the cell c = f c' + i g (also into tc for pass 3)
        for (int b = 0; b < B; b++) {
            int gr = gOff + b * 4 * H, s = b * H;
            for (int j = 0; j < H; j += L) {
                VectorMask<Float> m = mask(j, H);
                FloatVector gg = load(g, gr + 3 * H + j, m).mul(2f).sub(1f);
                store(gg, g, gr + 3 * H + j, m);
                FloatVector cc = load(g, gr + H + j, m).mul(load(cp, cpOff + s + j, m)).add(load(g, gr + j, m).mul(gg));
                store(cc, c, cOff + s + j, m);
                store(cc, tc, tcOff + s + j, m);
            }
        }
        // pass 3, the whole block at once: tanh(c)
        tanh(tc, tcOff, B * H);
        // pass 4, per row: h = o tanh(c)
        for (int b = 0; b < B; b++) {
            int gr = gOff + b * 4 * H, s = b * H;
            for (int j = 0; j < H; j += L) {
                VectorMask<Float> m = mask(j, H);
                store(load(g, gr + 2 * H + j, m).mul(load(tc, tcOff + s + j, m)), h, hOff + s + j, m);
            }
        }
    }

    private float[] gateScaleCache = new float[0];

    /** 1 over the i, f and o gates, 2 over the g gate: one sigmoid pass yields sigma(x) and sigma(2x). */
    private float[] gateScale(int h) {
        if (gateScaleCache.length != 4 * h) {
            float[] sc = new float[4 * h];
            java.util.Arrays.fill(sc, 0, 3 * h, 1f);
            java.util.Arrays.fill(sc, 3 * h, 4 * h, 2f);
            gateScaleCache = sc;
        }
        return gateScaleCache;
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
            addTo(p, pr, r, rr, 2 * H);
            sigmoid(p, pr, 2 * H);
            for (int j = 0; j < H; j += L) {
                VectorMask<Float> m = mask(j, H);
                FloatVector rn = load(r, rr + 2 * H + j, m).add(load(bhn, bhnOff + j, m));
                store(rn, r, rr + 2 * H + j, m);
                store(load(p, pr + 2 * H + j, m).add(load(p, pr + j, m).mul(rn)), p, pr + 2 * H + j, m);
            }
            tanh(p, pr + 2 * H, H);
            for (int j = 0; j < H; j += L) {
                VectorMask<Float> m = mask(j, H);
                FloatVector n = load(p, pr + 2 * H + j, m);
                store(n.add(load(p, pr + H + j, m).mul(load(hp, hpOff + s + j, m).sub(n))), h, hOff + s + j, m);
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
            store(relu ? x.max(0f) : x, h, hOff + i, m);
        }
        if (!relu) {
            tanh(h, hOff, n);
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
        float c1 = 1f - b1, c2 = 1f - b2;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float mi = s[i] * b1 + gi * c1;
            float vi = s[n + i] * b2 + gi * gi * c2;
            s[i] = mi;
            s[n + i] = vi;
            // the float square root, correctly rounded as the vector lane's (a double's root rounds to it)
            p[i] = p[i] - mi * lr / ((float) Math.sqrt(vi) + ep);
        }
    }

    @Override public void sgd(Buf pb, Buf gb, int n, double lr) {
        float[] p = f(pb), g = f(gb);
        float fl = (float) lr;
        for (int i = 0; i < n; i++) {
            p[i] = p[i] - g[i] * fl;
        }
    }
}
