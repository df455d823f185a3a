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
}
