package dev.braid.worker.gpucheck;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.kernel.Precision;

/** Kernels that pass every call to another set: tests override one method to break it. */
class ForwardingKernels implements Kernels {
    private final Kernels inner;

    ForwardingKernels(Kernels k) {
        this.inner = k;
    }

    @Override public Precision precision() {
        return inner.precision();
    }

    @Override public Buf alloc(int n) {
        return inner.alloc(n);
    }

    @Override public long allocatedValues() {
        return inner.allocatedValues();
    }

    @Override public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Buf a, int aOff, Buf b, int bOff, double beta, Buf c, int cOff) {
        inner.gemm(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff);
    }

    @Override public void fill(Buf x, int off, int n, double value) {
        inner.fill(x, off, n, value);
    }

    @Override public void copy(Buf src, int srcOff, Buf dst, int dstOff, int n) {
        inner.copy(src, srcOff, dst, dstOff, n);
    }

    @Override public void add(Buf a, int aOff, Buf b, int bOff, Buf out, int outOff, int n) {
        inner.add(a, aOff, b, bOff, out, outOff, n);
    }

    @Override public void mul(Buf x, int xOff, Buf y, int yOff, int n) {
        inner.mul(x, xOff, y, yOff, n);
    }

    @Override public void scale(Buf x, int off, int n, double s) {
        inner.scale(x, off, n, s);
    }

    @Override public double sumSquares(Buf x, int off, int n) {
        return inner.sumSquares(x, off, n);
    }

    @Override public void addRowVector(Buf m, int off, int rows, int cols, Buf v, int vOff) {
        inner.addRowVector(m, off, rows, cols, v, vOff);
    }

    @Override public void addColumnSums(Buf m, int off, int rows, int cols, int ld, Buf out, int outOff) {
        inner.addColumnSums(m, off, rows, cols, ld, out, outOff);
    }

    @Override public void scaleRows(Buf m, int off, int rows, int cols, float[] rowScale, int scaleOff) {
        inner.scaleRows(m, off, rows, cols, rowScale, scaleOff);
    }

    @Override public void gatherRows(Buf table, int tableOff, int cols, int[] idx, int count, Buf out, int outOff) {
        inner.gatherRows(table, tableOff, cols, idx, count, out, outOff);
    }

    @Override public void scatterAddRows(Buf src, int srcOff, int cols, int[] idx, int count, Buf table, int tableOff) {
        inner.scatterAddRows(src, srcOff, cols, idx, count, table, tableOff);
    }

    @Override public double softmaxCrossEntropy(Buf logits, int off, int rows, int cols, int[] targets, float[] weights, double smoothing, double scale, Buf dLogits, int dOff) {
        return inner.softmaxCrossEntropy(logits, off, rows, cols, targets, weights, smoothing, scale, dLogits, dOff);
    }

    @Override public void logSoftmax(Buf logits, int off, int rows, int cols, Buf out, int outOff) {
        inner.logSoftmax(logits, off, rows, cols, out, outOff);
    }

    @Override public void softmaxRowsMasked(Buf s, int off, int rows, int cols, int[] valid, int validOff) {
        inner.softmaxRowsMasked(s, off, rows, cols, valid, validOff);
    }

    @Override public void softmaxBackward(Buf a, int aOff, Buf da, int daOff, Buf ds, int dsOff, int rows, int cols) {
        inner.softmaxBackward(a, aOff, da, daOff, ds, dsOff, rows, cols);
    }

    @Override public void tanh(Buf x, int xOff, Buf out, int outOff, int n) {
        inner.tanh(x, xOff, out, outOff, n);
    }

    @Override public void tanhBackward(Buf y, int yOff, Buf dy, int dyOff, Buf dx, int dxOff, int n) {
        inner.tanhBackward(y, yOff, dy, dyOff, dx, dxOff, n);
    }

    @Override public void axpy(double alpha, Buf x, int xOff, Buf y, int yOff, int n) {
        inner.axpy(alpha, x, xOff, y, yOff, n);
    }

    @Override public double dot(Buf x, int xOff, Buf y, int yOff, int n) {
        return inner.dot(x, xOff, y, yOff, n);
    }

    @Override public void softmax(Buf logits, int off, int rows, int cols, double temperature, Buf out, int outOff) {
        inner.softmax(logits, off, rows, cols, temperature, out, outOff);
    }

    @Override public void lstmForward(Buf g, int gOff, Buf r, int rOff, Buf cPrev, int cpOff, Buf c, int cOff, Buf tc, int tcOff, Buf h, int hOff, int B, int H) {
        inner.lstmForward(g, gOff, r, rOff, cPrev, cpOff, c, cOff, tc, tcOff, h, hOff, B, H);
    }

    @Override public void lstmBackward(Buf g, int gOff, Buf cPrev, int cpOff, Buf tc, int tcOff, Buf dh, int dhOff, Buf dc, int dcOff, Buf dg, int dgOff, int B, int H) {
        inner.lstmBackward(g, gOff, cPrev, cpOff, tc, tcOff, dh, dhOff, dc, dcOff, dg, dgOff, B, H);
    }

    @Override public void gruForward(Buf p, int pOff, Buf r, int rOff, Buf bhn, int bhnOff, Buf hPrev, int hpOff, Buf h, int hOff, int B, int H) {
        inner.gruForward(p, pOff, r, rOff, bhn, bhnOff, hPrev, hpOff, h, hOff, B, H);
    }

    @Override public void gruBackward(Buf p, int pOff, Buf r, int rOff, Buf hPrev, int hpOff, Buf dh, int dhOff, Buf dp, int dpOff, Buf dr, int drOff, Buf dhPrev, int dhpOff, int B, int H) {
        inner.gruBackward(p, pOff, r, rOff, hPrev, hpOff, dh, dhOff, dp, dpOff, dr, drOff, dhPrev, dhpOff, B, H);
    }

    @Override public void rnnForward(Buf p, int pOff, Buf r, int rOff, Buf h, int hOff, int B, int H, boolean relu) {
        inner.rnnForward(p, pOff, r, rOff, h, hOff, B, H, relu);
    }

    @Override public void rnnBackward(Buf h, int hOff, Buf dh, int dhOff, Buf dp, int dpOff, int B, int H, boolean relu) {
        inner.rnnBackward(h, hOff, dh, dhOff, dp, dpOff, B, H, relu);
    }

    @Override public void adam(Buf p, Buf g, Buf state, int n, double lrT, double beta1, double beta2, double eps) {
        inner.adam(p, g, state, n, lrT, beta1, beta2, eps);
    }

    @Override public void sgd(Buf p, Buf g, int n, double lr) {
        inner.sgd(p, g, n, lr);
    }
}
