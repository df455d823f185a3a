package dev.braid.worker.kernel;

/**
 * Numeric kernels in one precision. Every matrix is a contiguous row-major block of a {@link Buf}
 * addressed by offset; {@code B} is the number of rows of a timestep block and {@code H} the hidden
 * size. Gate blocks are laid out per row: LSTM {@code [i f o g]} ({@code 4H} columns), GRU
 * {@code [r z n]} ({@code 3H}).
 */
public interface Kernels {

    Precision precision();

    Buf alloc(int n);

    /**
     * Values allocated by {@link #alloc} so far: what a model's layers hold for one instance of these
     * kernels (a pipeline stage measures its activation memory with it).
     */
    long allocatedValues();

    /** {@code C[m,n] = alpha * op(A) * op(B) + beta * C}; op(A) is {@code m x k}, op(B) {@code k x n}. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
              Buf a, int aOff, Buf b, int bOff, double beta, Buf c, int cOff);

    void fill(Buf x, int off, int n, double value);

    void copy(Buf src, int srcOff, Buf dst, int dstOff, int n);

    /** {@code out = a + b}. */
    void add(Buf a, int aOff, Buf b, int bOff, Buf out, int outOff, int n);

    /** {@code x *= y} element-wise. */
    void mul(Buf x, int xOff, Buf y, int yOff, int n);

    void scale(Buf x, int off, int n, double s);

    double sumSquares(Buf x, int off, int n);

    /** Adds {@code v} to every row of the {@code rows x cols} matrix. */
    void addRowVector(Buf m, int off, int rows, int cols, Buf v, int vOff);

    /** {@code out[j] += sum_r m[r, j]} for the {@code cols} columns starting at {@code off} of rows of length {@code ld}. */
    void addColumnSums(Buf m, int off, int rows, int cols, int ld, Buf out, int outOff);

    /** Multiplies row {@code r} of the {@code rows x cols} matrix by {@code rowScale[scaleOff + r]}. */
    void scaleRows(Buf m, int off, int rows, int cols, float[] rowScale, int scaleOff);

    /** {@code out[r] = table[idx[r]]}, rows of length {@code cols}. */
    void gatherRows(Buf table, int tableOff, int cols, int[] idx, int count, Buf out, int outOff);

    /** {@code table[idx[r]] += src[r]}, rows of length {@code cols}. */
    void scatterAddRows(Buf src, int srcOff, int cols, int[] idx, int count, Buf table, int tableOff);

    /**
     * Softmax cross-entropy over {@code rows} rows of {@code cols} logits against targets smoothed by
     * {@code smoothing} ({@code q = (1-e) onehot + e/cols}). Returns {@code sum_r w[r] * -sum_j q_j log p_j}
     * and writes {@code dLogits = scale * w[r] * (p - q)}.
     */
    double softmaxCrossEntropy(Buf logits, int off, int rows, int cols, int[] targets, float[] weights,
                               double smoothing, double scale, Buf dLogits, int dOff);

    /** Row-wise {@code log softmax}. */
    void logSoftmax(Buf logits, int off, int rows, int cols, Buf out, int outOff);

    /** In place, row-wise softmax over the first {@code valid[validOff + r]} columns; the rest become 0. */
    void softmaxRowsMasked(Buf s, int off, int rows, int cols, int[] valid, int validOff);

    /** Softmax backward per row: {@code ds = a * (da - sum_j a_j da_j)}. */
    void softmaxBackward(Buf a, int aOff, Buf da, int daOff, Buf ds, int dsOff, int rows, int cols);

    /** {@code out = tanh(x)}. */
    void tanh(Buf x, int xOff, Buf out, int outOff, int n);

    /** {@code dx = dy * (1 - y^2)} from the output {@code y} of a tanh. */
    void tanhBackward(Buf y, int yOff, Buf dy, int dyOff, Buf dx, int dxOff, int n);

    /** {@code y += alpha * x}. */
    void axpy(double alpha, Buf x, int xOff, Buf y, int yOff, int n);

    double dot(Buf x, int xOff, Buf y, int yOff, int n);

    /** Row-wise {@code softmax(logits / temperature)}. */
    void softmax(Buf logits, int off, int rows, int cols, double temperature, Buf out, int outOff);

    /**
     * LSTM forward step: pre-activations {@code g + r} ({@code [B,4H]}) become gate activations in
     * {@code g}; writes cell {@code c}, {@code tc = tanh(c)} and {@code h = o * tc}.
     */
    void lstmForward(Buf g, int gOff, Buf r, int rOff, Buf cPrev, int cpOff, Buf c, int cOff,
                     Buf tc, int tcOff, Buf h, int hOff, int B, int H);

    /**
     * LSTM backward step from activations {@code g}: with incoming {@code dh} and {@code dc} (the cell
     * gradient from the next step), writes pre-activation gradients {@code dg} and replaces {@code dc}
     * by the gradient flowing to the previous cell state ({@code dc_t * f}).
     */
    void lstmBackward(Buf g, int gOff, Buf cPrev, int cpOff, Buf tc, int tcOff, Buf dh, int dhOff,
                      Buf dc, int dcOff, Buf dg, int dgOff, int B, int H);

    /**
     * GRU forward step ({@code n = tanh(p_n + r * (U_n h + b_hn))}): {@code p} (input projection) becomes
     * the activations {@code [r z n]}; {@code r} (hidden projection) keeps {@code U_n h + b_hn} in its n
     * block for the backward step.
     */
    void gruForward(Buf p, int pOff, Buf r, int rOff, Buf bhn, int bhnOff, Buf hPrev, int hpOff,
                    Buf h, int hOff, int B, int H);

    /**
     * GRU backward step: writes the gradient of the input projection {@code dp}, of the hidden
     * projection {@code dr}, and the direct gradient to the previous state {@code dhPrev = dh * z}.
     */
    void gruBackward(Buf p, int pOff, Buf r, int rOff, Buf hPrev, int hpOff, Buf dh, int dhOff,
                     Buf dp, int dpOff, Buf dr, int drOff, Buf dhPrev, int dhpOff, int B, int H);

    /** Simple RNN forward step: {@code h = act(p + r)} with tanh or ReLU. */
    void rnnForward(Buf p, int pOff, Buf r, int rOff, Buf h, int hOff, int B, int H, boolean relu);

    /** Simple RNN backward step: {@code dp = dh * act'(.)}, from the output {@code h}. */
    void rnnBackward(Buf h, int hOff, Buf dh, int dhOff, Buf dp, int dpOff, int B, int H, boolean relu);

    /**
     * One Adam step on {@code n} values; {@code state} holds the first moments in {@code [0, n)} and the
     * second in {@code [n, 2n)}: {@code p -= lrT * m / (sqrt(v) + eps)}.
     */
    void adam(Buf p, Buf g, Buf state, int n, double lrT, double beta1, double beta2, double eps);

    /** Plain SGD: {@code p -= lr * g}. */
    void sgd(Buf p, Buf g, int n, double lr);

    // ---- made of the methods above (or of element access), so every device runs them; a device overrides
    // ---- one where a profile shows it matters

    /** {@code y = act(x)} element-wise ({@code x} and {@code y} may be the same range). */
    default void activate(Activation act, Buf x, int xOff, Buf y, int yOff, int n) {
        switch (act) {
            case LINEAR -> {
                if (x != y || xOff != yOff) {
                    copy(x, xOff, y, yOff, n);
                }
            }
            case TANH -> tanh(x, xOff, y, yOff, n);
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    y.set(yOff + i, Math.max(0, x.get(xOff + i)));
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    y.set(yOff + i, 1 / (1 + Math.exp(-x.get(xOff + i))));
                }
            }
        }
    }

    /** {@code dx = dy * act'(.)} from the activation's output {@code y} ({@code dx} may be {@code dy}). */
    default void activateBackward(Activation act, Buf y, int yOff, Buf dy, int dyOff, Buf dx, int dxOff, int n) {
        switch (act) {
            case LINEAR -> {
                if (dy != dx || dyOff != dxOff) {
                    copy(dy, dyOff, dx, dxOff, n);
                }
            }
            case TANH -> tanhBackward(y, yOff, dy, dyOff, dx, dxOff, n);
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    dx.set(dxOff + i, y.get(yOff + i) > 0 ? dy.get(dyOff + i) : 0);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    double s = y.get(yOff + i);
                    dx.set(dxOff + i, dy.get(dyOff + i) * s * (1 - s));
                }
            }
        }
    }

    /** {@code x[r, j] *= v[j]} over {@code rows x cols}: a per-column scale (peepholes, gates). */
    default void mulRowVector(Buf x, int off, int rows, int cols, Buf v, int vOff) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                x.set(off + r * cols + j, x.get(off + r * cols + j) * v.get(vOff + j));
            }
        }
    }

    /**
     * Sigmoid cross-entropy of {@code rows x cols} logits against 0/1 {@code targets} (row-major), each
     * row weighted by {@code weights[r]} and averaged over its columns. Returns the weighted loss sum
     * and writes {@code dLogits = scale * w[r] / cols * (sigmoid(z) - y)}.
     */
    default double sigmoidCrossEntropy(Buf logits, int off, int rows, int cols, float[] targets, float[] weights,
                                       double scale, Buf dLogits, int dOff) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double w = weights[r];
            double rowLoss = 0;
            for (int j = 0; j < cols; j++) {
                double z = logits.get(off + r * cols + j);
                double y = targets[r * cols + j];
                rowLoss += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
                double p = 1 / (1 + Math.exp(-z));
                dLogits.set(dOff + r * cols + j, scale * w / cols * (p - y));
            }
            total += w * rowLoss / cols;
        }
        return total;
    }

    /**
     * A regression loss of {@code rows x cols} predictions against {@code targets} (row-major), each row
     * weighted by {@code weights[r]} and averaged over its columns: squared error, absolute error, or
     * Huber's with {@code delta}. Returns the weighted loss sum and writes the gradient of
     * {@code scale} times it into {@code dy}.
     */
    default double regressionLoss(RegressionLoss kind, double delta, Buf y, int off, int rows, int cols, float[] targets,
                                  float[] weights, double scale, Buf dy, int dOff) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double w = weights[r];
            double rowLoss = 0;
            for (int j = 0; j < cols; j++) {
                double e = y.get(off + r * cols + j) - targets[r * cols + j];
                double a = Math.abs(e);
                double g;
                switch (kind) {
                    case MSE -> {
                        rowLoss += e * e;
                        g = 2 * e;
                    }
                    case MAE -> {
                        rowLoss += a;
                        g = Math.signum(e);
                    }
                    default -> {
                        rowLoss += a <= delta ? 0.5 * e * e : delta * (a - 0.5 * delta);
                        g = a <= delta ? e : delta * Math.signum(e);
                    }
                }
                dy.set(dOff + r * cols + j, scale * w / cols * g);
            }
            total += w * rowLoss / cols;
        }
        return total;
    }

    /**
     * LSTM forward step with peephole connections {@code p = [p_i p_f p_o]} ({@code [3H]}, Gers and
     * Schmidhuber 2000): the input and forget gates also read {@code c_{t-1}}, the output gate
     * {@code c_t}. Otherwise as {@link #lstmForward}: {@code g} becomes the gate activations.
     */
    default void lstmPeepholeForward(Buf g, int gOff, Buf r, int rOff, Buf p, int pOff, Buf cPrev, int cpOff, Buf c,
                                     int cOff, Buf tc, int tcOff, Buf h, int hOff, int B, int H) {
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < H; j++) {
                int at = b * 4 * H + j;
                double cp = cPrev.get(cpOff + b * H + j);
                double i = sigmoid(g.get(gOff + at) + r.get(rOff + at) + p.get(pOff + j) * cp);
                double f = sigmoid(g.get(gOff + at + H) + r.get(rOff + at + H) + p.get(pOff + H + j) * cp);
                double gg = Math.tanh(g.get(gOff + at + 3 * H) + r.get(rOff + at + 3 * H));
                double cv = f * cp + i * gg;
                double tcv = Math.tanh(cv);
                double o = sigmoid(g.get(gOff + at + 2 * H) + r.get(rOff + at + 2 * H) + p.get(pOff + 2 * H + j) * cv);
                g.set(gOff + at, i);
                g.set(gOff + at + H, f);
                g.set(gOff + at + 2 * H, o);
                g.set(gOff + at + 3 * H, gg);
                c.set(cOff + b * H + j, cv);
                tc.set(tcOff + b * H + j, tcv);
                h.set(hOff + b * H + j, o * tcv);
            }
        }
    }

    /**
     * The backward step of {@link #lstmPeepholeForward}: as {@link #lstmBackward}, also reading the cell
     * {@code c} and accumulating the peephole weights' gradient into {@code dp}.
     */
    default void lstmPeepholeBackward(Buf g, int gOff, Buf p, int pOff, Buf cPrev, int cpOff, Buf c, int cOff, Buf tc,
                                      int tcOff, Buf dh, int dhOff, Buf dc, int dcOff, Buf dg, int dgOff, Buf dp, int dpOff,
                                      int B, int H) {
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < H; j++) {
                int at = b * 4 * H + j;
                int s = b * H + j;
                double i = g.get(gOff + at);
                double f = g.get(gOff + at + H);
                double o = g.get(gOff + at + 2 * H);
                double gg = g.get(gOff + at + 3 * H);
                double cp = cPrev.get(cpOff + s);
                double cv = c.get(cOff + s);
                double tcv = tc.get(tcOff + s);
                double dhv = dh.get(dhOff + s);
                double dao = dhv * tcv * o * (1 - o);
                double dcv = dc.get(dcOff + s) + dhv * o * (1 - tcv * tcv) + dao * p.get(pOff + 2 * H + j);
                double dai = dcv * gg * i * (1 - i);
                double daf = dcv * cp * f * (1 - f);
                dg.set(dgOff + at, dai);
                dg.set(dgOff + at + H, daf);
                dg.set(dgOff + at + 2 * H, dao);
                dg.set(dgOff + at + 3 * H, dcv * i * (1 - gg * gg));
                dc.set(dcOff + s, dcv * f + dai * p.get(pOff + j) + daf * p.get(pOff + H + j));
                dp.set(dpOff + j, dp.get(dpOff + j) + dai * cp);
                dp.set(dpOff + H + j, dp.get(dpOff + H + j) + daf * cp);
                dp.set(dpOff + 2 * H + j, dp.get(dpOff + 2 * H + j) + dao * cv);
            }
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
