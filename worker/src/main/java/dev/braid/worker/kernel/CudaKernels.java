package dev.braid.worker.kernel;

/**
 * Kernels on one CUDA device: buffers live in device memory ({@link Buf.Dev}), GEMM goes to cuBLAS
 * (default math mode: no TF32, so float results compare with the CPU's), everything else to Braid's
 * own kernels ({@code worker/src/main/cuda}). Host arrays an operation takes (token ids, targets,
 * weights, row scales) are copied to device staging buffers per call; reductions come back as
 * per-block partial sums added on the host in a fixed order, so results are deterministic.
 */
public final class CudaKernels implements Kernels {
    private static final ThreadLocal<Integer> CURRENT = new ThreadLocal<>();

    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    private final int device;
    private final long cublas;
    /** The raw device memory and handle of these kernels, released by {@link #close} or when they are collected. */
    private final Owned owned;
    private final java.lang.ref.Cleaner.Cleanable release;
    private final int[] intStageSize = new int[2];
    private int floatStageSize;
    private Buf.Dev partial;
    private Buf.Dev rowLoss;
    private long allocated;

    /** Kernels on CUDA device {@code device}; throws with the reason when CUDA is not usable here. */
    public CudaKernels(int device) {
        CudaNative.Status status = CudaNative.status();
        if (!status.usable()) {
            throw new IllegalStateException("CUDA is not usable: " + status.reason());
        }
        if (device < 0 || device >= status.devices()) {
            throw new IllegalArgumentException("CUDA device " + device + " does not exist; this machine has "
                    + status.devices());
        }
        this.device = device;
        use();
        this.cublas = CudaNative.cublasCreate();
        if (cublas == 0) {
            throw new IllegalStateException("cuBLAS could not create a handle on CUDA device " + device);
        }
        this.owned = new Owned(device, cublas);
        this.release = CLEANER.register(this, owned);
    }

    /**
     * Releases the cuBLAS handle and the staging buffers now (a check or a task that ends need not wait for a
     * collection, which on a GPU can come too late: device memory is not the JVM's heap). The buffers this
     * object allocated are freed when they are collected, each on its own device.
     */
    public void close() {
        release.clean();
    }

    /** What a CudaKernels holds outside buffers; the cleaning action, so it must not reach the kernels. */
    private static final class Owned implements Runnable {
        private final int device;
        private final long cublas;
        private final long[] intStage = new long[2];
        private long floatStage;

        Owned(int device, long cublas) {
            this.device = device;
            this.cublas = cublas;
        }

        @Override public void run() {
            CudaNative.setDevice(device);
            for (long p : intStage) {
                if (p != 0) {
                    CudaNative.free(p);
                }
            }
            if (floatStage != 0) {
                CudaNative.free(floatStage);
            }
            CudaNative.cublasDestroy(cublas);
        }
    }

    /** Whether CUDA kernels can run here, and if not, why (one line, for the log). */
    public static String unavailableReason() {
        CudaNative.Status s = CudaNative.status();
        return s.usable() ? "" : s.reason();
    }

    /** CUDA devices this machine has (0 without the library, a driver or cuBLAS). */
    public static int devices() {
        return CudaNative.status().usable() ? CudaNative.status().devices() : 0;
    }

    public int device() {
        return device;
    }

    /** The device's name and index, for reports. */
    /**
     * Waits for the device and fails with the first error a kernel launch or run left (launches are
     * asynchronous: unchecked, a fault surfaces at some later copy and every later check fails with it).
     */
    public static void synchronizeDevice() {
        check(CudaNative.synchronize(), "a kernel launch or run");
    }

    public String describe() {
        return CudaNative.deviceName(device) + " (CUDA device " + device + ")";
    }

    static void check(int code, String what) {
        if (code != 0) {
            throw new IllegalStateException("CUDA " + what + " failed: " + CudaNative.errorString(code) + " (cudaError "
                    + code + ")");
        }
    }

    /** Makes this device the calling thread's current one (the runtime's current device is per thread). */
    private void use() {
        use(device);
    }

    /** Makes {@code device} the calling thread's current one; a buffer's copies go through here too. */
    static void use(int device) {
        Integer current = CURRENT.get();
        if (current == null || current != device) {
            check(CudaNative.setDevice(device), "cudaSetDevice(" + device + ")");
            CURRENT.set(device);
        }
    }

    private static long at(Buf b, int off) {
        return ((Buf.Dev) b).at(off);
    }

    private long ints(int slot, int[] values, int off, int n) {
        use();
        long[] intStage = owned.intStage;
        if (intStageSize[slot] < n) {
            if (intStage[slot] != 0) {
                CudaNative.free(intStage[slot]);
                intStage[slot] = 0;
            }
            intStage[slot] = malloc(Math.max(n, 1024));
            intStageSize[slot] = Math.max(n, 1024);
        }
        if (n > 0) {
            check(CudaNative.uploadInts(intStage[slot], values, off, n), "upload");
        }
        return intStage[slot];
    }

    private long floats(float[] values, int off, int n) {
        use();
        if (floatStageSize < n) {
            if (owned.floatStage != 0) {
                CudaNative.free(owned.floatStage);
                owned.floatStage = 0;
            }
            owned.floatStage = malloc(Math.max(n, 1024));
            floatStageSize = Math.max(n, 1024);
        }
        if (n > 0) {
            check(CudaNative.upload(owned.floatStage, values, off, n), "upload");
        }
        return owned.floatStage;
    }

    /**
     * Device memory for {@code floats} values on the current device. When the device is full, buffers that are
     * no longer referenced may still hold memory until the collector finds them: collect, give their cleaners
     * up to a second, and try again before failing.
     */
    private static long malloc(long floats) {
        long p = CudaNative.malloc(4 * floats);
        for (int attempt = 0; p == 0 && attempt < RETRIES; attempt++) {
            System.gc();
            try {
                Thread.sleep(RETRY_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            p = CudaNative.malloc(4 * floats);
        }
        if (p == 0) {
            throw new IllegalStateException("CUDA device memory exhausted allocating " + floats + " floats (also after "
                    + "a garbage collection released the buffers no longer used)");
        }
        return p;
    }

    private static final int RETRIES = 10;
    private static final long RETRY_WAIT_MS = 100;

    @Override public Precision precision() {
        return Precision.FLOAT;
    }

    @Override public Buf alloc(int n) {
        use();
        allocated += n;
        return new Buf.Dev(malloc(n), n, device);
    }

    @Override public long allocatedValues() {
        return allocated;
    }

    @Override public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Buf a, int aOff, Buf b,
                               int bOff, double beta, Buf c, int cOff) {
        use();
        check(CudaNative.sgemm(cublas, transA, transB, m, n, k, (float) alpha, at(a, aOff), at(b, bOff), (float) beta,
                at(c, cOff)), "cublasSgemm");
    }

    @Override public void fill(Buf x, int off, int n, double value) {
        use();
        CudaNative.fill(at(x, off), n, (float) value);
    }

    @Override public void copy(Buf src, int srcOff, Buf dst, int dstOff, int n) {
        use();
        check(CudaNative.copy(at(dst, dstOff), at(src, srcOff), n), "copy");
    }

    @Override public void add(Buf a, int aOff, Buf b, int bOff, Buf out, int outOff, int n) {
        use();
        CudaNative.add(at(a, aOff), at(b, bOff), at(out, outOff), n);
    }

    @Override public void mul(Buf x, int xOff, Buf y, int yOff, int n) {
        use();
        CudaNative.mul(at(x, xOff), at(y, yOff), n);
    }

    @Override public void scale(Buf x, int off, int n, double s) {
        use();
        CudaNative.scale(at(x, off), n, (float) s);
    }

    @Override public double sumSquares(Buf x, int off, int n) {
        return dot(x, off, x, off, n);
    }

    @Override public void addRowVector(Buf m, int off, int rows, int cols, Buf v, int vOff) {
        use();
        CudaNative.addRowVector(at(m, off), rows, cols, at(v, vOff));
    }

    @Override public void addColumnSums(Buf m, int off, int rows, int cols, int ld, Buf out, int outOff) {
        use();
        CudaNative.addColumnSums(at(m, off), rows, cols, ld, at(out, outOff));
    }

    @Override public void scaleRows(Buf m, int off, int rows, int cols, float[] rowScale, int scaleOff) {
        CudaNative.scaleRows(at(m, off), rows, cols, floats(rowScale, scaleOff, rows));
    }

    @Override public void gatherRows(Buf table, int tableOff, int cols, int[] idx, int count, Buf out, int outOff) {
        CudaNative.gatherRows(at(table, tableOff), cols, ints(0, idx, 0, count), count, at(out, outOff));
    }

    @Override public void scatterAddRows(Buf src, int srcOff, int cols, int[] idx, int count, Buf table, int tableOff) {
        CudaNative.scatterAddRows(at(src, srcOff), cols, ints(0, idx, 0, count), count, at(table, tableOff));
    }

    @Override public double softmaxCrossEntropy(Buf logits, int off, int rows, int cols, int[] targets, float[] weights,
                                                double smoothing, double scale, Buf dLogits, int dOff) {
        long t = ints(0, targets, 0, rows);
        long w = floats(weights, 0, rows);
        if (rowLoss == null || rowLoss.length() < rows) {
            rowLoss = (Buf.Dev) alloc(Math.max(rows, 1024));
        }
        CudaNative.softmaxCrossEntropy(at(logits, off), rows, cols, t, w, (float) smoothing, (float) scale,
                at(dLogits, dOff), rowLoss.ptr);
        float[] losses = new float[rows];
        rowLoss.read(0, losses, 0, rows);
        double sum = 0;
        for (float l : losses) {
            sum += l;
        }
        return sum;
    }

    @Override public void logSoftmax(Buf logits, int off, int rows, int cols, Buf out, int outOff) {
        use();
        CudaNative.softmaxRows(at(logits, off), at(out, outOff), rows, cols, 1f, 1, 0);
    }

    @Override public void softmaxRowsMasked(Buf s, int off, int rows, int cols, int[] valid, int validOff) {
        long v = ints(1, valid, validOff, rows);
        CudaNative.softmaxRows(at(s, off), at(s, off), rows, cols, 1f, 2, v);
    }

    @Override public void softmaxBackward(Buf a, int aOff, Buf da, int daOff, Buf ds, int dsOff, int rows, int cols) {
        use();
        CudaNative.softmaxBackward(at(a, aOff), at(da, daOff), at(ds, dsOff), rows, cols);
    }

    @Override public void tanh(Buf x, int xOff, Buf out, int outOff, int n) {
        use();
        CudaNative.tanh(at(x, xOff), at(out, outOff), n);
    }

    @Override public void tanhBackward(Buf y, int yOff, Buf dy, int dyOff, Buf dx, int dxOff, int n) {
        use();
        CudaNative.tanhBackward(at(y, yOff), at(dy, dyOff), at(dx, dxOff), n);
    }

    @Override public void axpy(double alpha, Buf x, int xOff, Buf y, int yOff, int n) {
        use();
        CudaNative.axpy((float) alpha, at(x, xOff), at(y, yOff), n);
    }

    @Override public double dot(Buf x, int xOff, Buf y, int yOff, int n) {
        use();
        int blocks = CudaNative.reduceBlocks();
        if (partial == null) {
            partial = (Buf.Dev) alloc(blocks);
        }
        CudaNative.dot(at(x, xOff), at(y, yOff), n, partial.ptr);
        float[] parts = new float[blocks];
        partial.read(0, parts, 0, blocks);
        double sum = 0;
        for (float p : parts) {
            sum += p;
        }
        return sum;
    }

    @Override public void softmax(Buf logits, int off, int rows, int cols, double temperature, Buf out, int outOff) {
        use();
        CudaNative.softmaxRows(at(logits, off), at(out, outOff), rows, cols, (float) temperature, 0, 0);
    }

    @Override public void lstmForward(Buf g, int gOff, Buf r, int rOff, Buf cPrev, int cpOff, Buf c, int cOff, Buf tc,
                                      int tcOff, Buf h, int hOff, int b, int hidden) {
        use();
        CudaNative.lstmForward(at(g, gOff), at(r, rOff), at(cPrev, cpOff), at(c, cOff), at(tc, tcOff), at(h, hOff), b,
                hidden);
    }

    @Override public void lstmBackward(Buf g, int gOff, Buf cPrev, int cpOff, Buf tc, int tcOff, Buf dh, int dhOff,
                                       Buf dc, int dcOff, Buf dg, int dgOff, int b, int hidden) {
        use();
        CudaNative.lstmBackward(at(g, gOff), at(cPrev, cpOff), at(tc, tcOff), at(dh, dhOff), at(dc, dcOff),
                at(dg, dgOff), b, hidden);
    }

    @Override public void gruForward(Buf p, int pOff, Buf r, int rOff, Buf bhn, int bhnOff, Buf hPrev, int hpOff, Buf h,
                                     int hOff, int b, int hidden) {
        use();
        CudaNative.gruForward(at(p, pOff), at(r, rOff), at(bhn, bhnOff), at(hPrev, hpOff), at(h, hOff), b, hidden);
    }

    @Override public void gruBackward(Buf p, int pOff, Buf r, int rOff, Buf hPrev, int hpOff, Buf dh, int dhOff, Buf dp,
                                      int dpOff, Buf dr, int drOff, Buf dhPrev, int dhpOff, int b, int hidden) {
        use();
        CudaNative.gruBackward(at(p, pOff), at(r, rOff), at(hPrev, hpOff), at(dh, dhOff), at(dp, dpOff), at(dr, drOff),
                at(dhPrev, dhpOff), b, hidden);
    }

    @Override public void rnnForward(Buf p, int pOff, Buf r, int rOff, Buf h, int hOff, int b, int hidden, boolean relu) {
        use();
        CudaNative.rnnForward(at(p, pOff), at(r, rOff), at(h, hOff), (long) b * hidden, relu);
    }

    @Override public void rnnBackward(Buf h, int hOff, Buf dh, int dhOff, Buf dp, int dpOff, int b, int hidden,
                                      boolean relu) {
        use();
        CudaNative.rnnBackward(at(h, hOff), at(dh, dhOff), at(dp, dpOff), (long) b * hidden, relu);
    }

    @Override public void adam(Buf p, Buf g, Buf state, int n, double lrT, double beta1, double beta2, double eps) {
        use();
        CudaNative.adam(at(p, 0), at(g, 0), at(state, 0), n, (float) lrT, (float) beta1, (float) beta2, (float) eps);
    }

    @Override public void sgd(Buf p, Buf g, int n, double lr) {
        use();
        CudaNative.sgd(at(p, 0), at(g, 0), n, (float) lr);
    }
}
