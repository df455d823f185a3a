package dev.braid.worker.kernel;

/**
 * Double-precision kernels written as plain loops, one element at a time. They define what every
 * kernel computes: gradient checks run on them, and {@link VectorKernels} is tested against them.
 */
final class ReferenceKernels implements Kernels {
    private final NativeBlas blas = new NativeBlas();

    @Override public Precision precision() {
        return Precision.DOUBLE;
    }

    private long allocated;

    @Override public Buf alloc(int n) {
        allocated += n;
        return new Buf.F64(n);
    }

    @Override public long allocatedValues() {
        return allocated;
    }

    private static double[] d(Buf b) {
        return ((Buf.F64) b).a;
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    @Override public void gemm(boolean ta, boolean tb, int m, int n, int k, double alpha,
                               Buf a, int aOff, Buf b, int bOff, double beta, Buf c, int cOff) {
        blas.dgemm(ta, tb, m, n, k, alpha, (Buf.F64) a, aOff, (Buf.F64) b, bOff, beta, (Buf.F64) c, cOff);
    }

    @Override public void fill(Buf x, int off, int n, double value) {
        java.util.Arrays.fill(d(x), off, off + n, value);
    }

    @Override public void copy(Buf src, int srcOff, Buf dst, int dstOff, int n) {
        System.arraycopy(d(src), srcOff, d(dst), dstOff, n);
    }

    @Override public void add(Buf a, int aOff, Buf b, int bOff, Buf out, int outOff, int n) {
        double[] x = d(a), y = d(b), o = d(out);
        for (int i = 0; i < n; i++) {
            o[outOff + i] = x[aOff + i] + y[bOff + i];
        }
    }

    @Override public void mul(Buf x, int xOff, Buf y, int yOff, int n) {
        double[] a = d(x), b = d(y);
        for (int i = 0; i < n; i++) {
            a[xOff + i] *= b[yOff + i];
        }
    }

    @Override public void scale(Buf x, int off, int n, double s) {
        double[] a = d(x);
        for (int i = 0; i < n; i++) {
            a[off + i] *= s;
        }
    }

    @Override public double sumSquares(Buf x, int off, int n) {
        double[] a = d(x);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[off + i] * a[off + i];
        }
        return s;
    }

    @Override public void addRowVector(Buf m, int off, int rows, int cols, Buf v, int vOff) {
        double[] a = d(m), b = d(v);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                a[off + r * cols + j] += b[vOff + j];
            }
        }
    }

    @Override public void addColumnSums(Buf m, int off, int rows, int cols, int ld, Buf out, int outOff) {
        double[] a = d(m), o = d(out);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                o[outOff + j] += a[off + r * ld + j];
            }
        }
    }

    @Override public void scaleRows(Buf m, int off, int rows, int cols, float[] rowScale, int scaleOff) {
        double[] a = d(m);
        for (int r = 0; r < rows; r++) {
            double s = rowScale[scaleOff + r];
            for (int j = 0; j < cols; j++) {
                a[off + r * cols + j] *= s;
            }
        }
    }

    @Override public void gatherRows(Buf table, int tableOff, int cols, int[] idx, int count, Buf out, int outOff) {
        for (int r = 0; r < count; r++) {
            System.arraycopy(d(table), tableOff + idx[r] * cols, d(out), outOff + r * cols, cols);
        }
    }

    @Override public void scatterAddRows(Buf src, int srcOff, int cols, int[] idx, int count, Buf table, int tableOff) {
        double[] s = d(src), t = d(table);
        for (int r = 0; r < count; r++) {
            for (int j = 0; j < cols; j++) {
                t[tableOff + idx[r] * cols + j] += s[srcOff + r * cols + j];
            }
        }
    }

    @Override public double softmaxCrossEntropy(Buf logits, int off, int rows, int cols, int[] targets,
                                                float[] weights, double smoothing, double scale, Buf dLogits, int dOff) {
        double[] z = d(logits), dz = d(dLogits);
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[base + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(z[base + j] - max);
            }
            double logSum = Math.log(sum) + max;
            double w = weights[r];
            double rowLoss = 0;
            for (int j = 0; j < cols; j++) {
                double q = smoothing / cols + (j == targets[r] ? 1 - smoothing : 0);
                rowLoss += q * (logSum - z[base + j]);
                dz[dOff + r * cols + j] = scale * w * (Math.exp(z[base + j] - logSum) - q);
            }
            loss += w * rowLoss;
        }
        return loss;
    }

    @Override public void logSoftmax(Buf logits, int off, int rows, int cols, Buf out, int outOff) {
        double[] z = d(logits), o = d(out);
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[off + r * cols + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(z[off + r * cols + j] - max);
            }
            double logSum = Math.log(sum) + max;
            for (int j = 0; j < cols; j++) {
                o[outOff + r * cols + j] = z[off + r * cols + j] - logSum;
            }
        }
    }

    @Override public void softmaxRowsMasked(Buf sb, int off, int rows, int cols, int[] valid, int validOff) {
        double[] s = d(sb);
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols, n = valid[validOff + r];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, s[base + j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                s[base + j] = Math.exp(s[base + j] - max);
                sum += s[base + j];
            }
            for (int j = 0; j < cols; j++) {
                s[base + j] = j < n ? s[base + j] / sum : 0;
            }
        }
    }

    @Override public void softmaxBackward(Buf ab, int aOff, Buf dab, int daOff, Buf dsb, int dsOff, int rows, int cols) {
        double[] a = d(ab), da = d(dab), ds = d(dsb);
        for (int r = 0; r < rows; r++) {
            double dotp = 0;
            for (int j = 0; j < cols; j++) {
                dotp += a[aOff + r * cols + j] * da[daOff + r * cols + j];
            }
            for (int j = 0; j < cols; j++) {
                ds[dsOff + r * cols + j] = a[aOff + r * cols + j] * (da[daOff + r * cols + j] - dotp);
            }
        }
    }

    @Override public void tanh(Buf x, int xOff, Buf out, int outOff, int n) {
        double[] a = d(x), o = d(out);
        for (int i = 0; i < n; i++) {
            o[outOff + i] = Math.tanh(a[xOff + i]);
        }
    }

    @Override public void tanhBackward(Buf yb, int yOff, Buf dyb, int dyOff, Buf dxb, int dxOff, int n) {
        double[] y = d(yb), dy = d(dyb), dx = d(dxb);
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = dy[dyOff + i] * (1 - y[yOff + i] * y[yOff + i]);
        }
    }

    @Override public void axpy(double alpha, Buf x, int xOff, Buf y, int yOff, int n) {
        double[] a = d(x), b = d(y);
        for (int i = 0; i < n; i++) {
            b[yOff + i] += alpha * a[xOff + i];
        }
    }

    @Override public double dot(Buf x, int xOff, Buf y, int yOff, int n) {
        double[] a = d(x), b = d(y);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[xOff + i] * b[yOff + i];
        }
        return s;
    }

    @Override public void softmax(Buf logits, int off, int rows, int cols, double temperature, Buf out, int outOff) {
        double[] z = d(logits), o = d(out);
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[off + r * cols + j] / temperature);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(z[off + r * cols + j] / temperature - max);
            }
            for (int j = 0; j < cols; j++) {
                o[outOff + r * cols + j] = Math.exp(z[off + r * cols + j] / temperature - max) / sum;
            }
        }
    }

    @Override public void lstmForward(Buf gb, int gOff, Buf rb, int rOff, Buf cpb, int cpOff, Buf cb, int cOff,
                                      Buf tcb, int tcOff, Buf hb, int hOff, int B, int H) {
        double[] g = d(gb), r = d(rb), cp = d(cpb), c = d(cb), tc = d(tcb), h = d(hb);
        for (int b = 0; b < B; b++) {
            int gr = gOff + b * 4 * H, rr = rOff + b * 4 * H, s = b * H;
            for (int j = 0; j < H; j++) {
                double i = sigmoid(g[gr + j] + r[rr + j]);
                double f = sigmoid(g[gr + H + j] + r[rr + H + j]);
                double o = sigmoid(g[gr + 2 * H + j] + r[rr + 2 * H + j]);
                double gg = Math.tanh(g[gr + 3 * H + j] + r[rr + 3 * H + j]);
                double cc = f * cp[cpOff + s + j] + i * gg;
                double t = Math.tanh(cc);
                g[gr + j] = i;
                g[gr + H + j] = f;
                g[gr + 2 * H + j] = o;
                g[gr + 3 * H + j] = gg;
                c[cOff + s + j] = cc;
                tc[tcOff + s + j] = t;
                h[hOff + s + j] = o * t;
            }
        }
    }

    @Override public void lstmBackward(Buf gb, int gOff, Buf cpb, int cpOff, Buf tcb, int tcOff, Buf dhb, int dhOff,
                                       Buf dcb, int dcOff, Buf dgb, int dgOff, int B, int H) {
        double[] g = d(gb), cp = d(cpb), tc = d(tcb), dh = d(dhb), dc = d(dcb), dg = d(dgb);
        for (int b = 0; b < B; b++) {
            int gr = gOff + b * 4 * H, dr = dgOff + b * 4 * H, s = b * H;
            for (int j = 0; j < H; j++) {
                double i = g[gr + j], f = g[gr + H + j], o = g[gr + 2 * H + j], gg = g[gr + 3 * H + j];
                double t = tc[tcOff + s + j], dH = dh[dhOff + s + j];
                double dC = dc[dcOff + s + j] + dH * o * (1 - t * t);
                dg[dr + j] = dC * gg * i * (1 - i);
                dg[dr + H + j] = dC * cp[cpOff + s + j] * f * (1 - f);
                dg[dr + 2 * H + j] = dH * t * o * (1 - o);
                dg[dr + 3 * H + j] = dC * i * (1 - gg * gg);
                dc[dcOff + s + j] = dC * f;
            }
        }
    }

    @Override public void gruForward(Buf pb, int pOff, Buf rb, int rOff, Buf bhnb, int bhnOff, Buf hpb, int hpOff,
                                     Buf hb, int hOff, int B, int H) {
        double[] p = d(pb), r = d(rb), bhn = d(bhnb), hp = d(hpb), h = d(hb);
        for (int b = 0; b < B; b++) {
            int pr = pOff + b * 3 * H, rr = rOff + b * 3 * H, s = b * H;
            for (int j = 0; j < H; j++) {
                double rg = sigmoid(p[pr + j] + r[rr + j]);
                double zg = sigmoid(p[pr + H + j] + r[rr + H + j]);
                double rn = r[rr + 2 * H + j] + bhn[bhnOff + j];
                double n = Math.tanh(p[pr + 2 * H + j] + rg * rn);
                p[pr + j] = rg;
                p[pr + H + j] = zg;
                p[pr + 2 * H + j] = n;
                r[rr + 2 * H + j] = rn;
                h[hOff + s + j] = n + zg * (hp[hpOff + s + j] - n);
            }
        }
    }

    @Override public void gruBackward(Buf pb, int pOff, Buf rb, int rOff, Buf hpb, int hpOff, Buf dhb, int dhOff,
                                      Buf dpb, int dpOff, Buf drb, int drOff, Buf dhpb, int dhpOff, int B, int H) {
        double[] p = d(pb), r = d(rb), hp = d(hpb), dh = d(dhb), dp = d(dpb), dr = d(drb), dhp = d(dhpb);
        for (int b = 0; b < B; b++) {
            int pr = pOff + b * 3 * H, rr = rOff + b * 3 * H, dpr = dpOff + b * 3 * H, drr = drOff + b * 3 * H;
            int s = b * H;
            for (int j = 0; j < H; j++) {
                double rg = p[pr + j], zg = p[pr + H + j], n = p[pr + 2 * H + j], rn = r[rr + 2 * H + j];
                double g = dh[dhOff + s + j];
                double dnPre = g * (1 - zg) * (1 - n * n);
                double dzPre = g * (hp[hpOff + s + j] - n) * zg * (1 - zg);
                double drPre = dnPre * rn * rg * (1 - rg);
                dp[dpr + j] = drPre;
                dp[dpr + H + j] = dzPre;
                dp[dpr + 2 * H + j] = dnPre;
                dr[drr + j] = drPre;
                dr[drr + H + j] = dzPre;
                dr[drr + 2 * H + j] = dnPre * rg;
                dhp[dhpOff + s + j] = g * zg;
            }
        }
    }

    @Override public void rnnForward(Buf pb, int pOff, Buf rb, int rOff, Buf hb, int hOff, int B, int H, boolean relu) {
        double[] p = d(pb), r = d(rb), h = d(hb);
        for (int i = 0; i < B * H; i++) {
            double x = p[pOff + i] + r[rOff + i];
            h[hOff + i] = relu ? Math.max(0, x) : Math.tanh(x);
        }
    }

    @Override public void rnnBackward(Buf hb, int hOff, Buf dhb, int dhOff, Buf dpb, int dpOff, int B, int H, boolean relu) {
        double[] h = d(hb), dh = d(dhb), dp = d(dpb);
        for (int i = 0; i < B * H; i++) {
            double y = h[hOff + i];
            dp[dpOff + i] = dh[dhOff + i] * (relu ? (y > 0 ? 1 : 0) : 1 - y * y);
        }
    }

    @Override public void adam(Buf pb, Buf gb, Buf state, int n, double lrT, double beta1, double beta2, double eps) {
        double[] p = d(pb), g = d(gb), s = d(state);
        for (int i = 0; i < n; i++) {
            s[i] = beta1 * s[i] + (1 - beta1) * g[i];
            s[n + i] = beta2 * s[n + i] + (1 - beta2) * g[i] * g[i];
            p[i] -= lrT * s[i] / (Math.sqrt(s[n + i]) + eps);
        }
    }

    @Override public void sgd(Buf pb, Buf gb, int n, double lr) {
        double[] p = d(pb), g = d(gb);
        for (int i = 0; i < n; i++) {
            p[i] -= lr * g[i];
        }
    }
}
