package dev.braid.worker.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The JNI entry points of {@code libbraidcuda.so} (built by nvcc from {@code worker/src/main/cuda}
 * where nvcc is present, and packed into the worker jar), and its loading. Pointers are device
 * addresses as longs; lengths count floats. Kernels run on the current device's default stream;
 * {@link #download} and {@link #synchronize} wait for them.
 */
final class CudaNative {
    static final String RESOURCE = "/native/linux-x86_64/libbraidcuda.so";

    /** Whether the library loaded, how many devices the driver reports, and if not usable, why. */
    record Status(boolean loaded, int devices, String reason) {
        boolean usable() {
            return loaded && devices > 0;
        }
    }

    private static Status status;

    private CudaNative() {
    }

    /** Loads the library once; never throws: a machine without it or without a GPU gets a reason. */
    static synchronized Status status() {
        if (status == null) {
            status = load();
        }
        return status;
    }

    private static Status load() {
        try (InputStream in = CudaNative.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return new Status(false, 0, "the worker was built without its CUDA library (nvcc was not found at build "
                        + "time; see worker/src/main/cuda/build.sh)");
            }
            Path file = Files.createTempFile("libbraidcuda", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toString());
        } catch (IOException | UnsatisfiedLinkError e) {
            return new Status(false, 0, "the CUDA library did not load: " + e.getMessage());
        }
        int n = deviceCount();
        if (n < 0) {
            return new Status(true, 0, "no CUDA device: " + errorString(-n) + " (cudaError " + (-n) + ")");
        }
        if (n == 0) {
            return new Status(true, 0, "no CUDA device on this machine");
        }
        int blas = loadCublas();
        if (blas != 0) {
            return new Status(true, 0, (blas == 1 ? "a CUDA device, but no cuBLAS (libcublas.so.13 or .12) on the "
                    + "library path (LD_LIBRARY_PATH=" + System.getenv("LD_LIBRARY_PATH") + "; scripts/gpu-check looks "
                    + "for it in ldconfig's cache, /usr/local/cuda*, and the Python nvidia packages)"
                    : "cuBLAS lacks cublasSgemm_v2") + ": " + cublasError());
        }
        return new Status(true, n, "");
    }

    static native int deviceCount();

    static native String errorString(int code);

    static native int setDevice(int device);

    static native String deviceName(int device);

    static native long malloc(long bytes);

    static native void free(long ptr);

    static native int upload(long dst, float[] src, int off, int n);

    static native int uploadInts(long dst, int[] src, int off, int n);

    static native int download(long src, float[] dst, int off, int n);

    static native int copy(long dst, long src, long n);

    static native int synchronize();

    static native int loadCublas();

    /** Why the last {@link #loadCublas} failed: dlopen's or dlsym's own message per name tried. */
    static native String cublasError();

    static native long cublasCreate();

    static native void cublasDestroy(long handle);

    static native int sgemm(long handle, boolean ta, boolean tb, int m, int n, int k, float alpha, long a, long b,
                            float beta, long c);

    static native void fill(long x, long n, float v);

    static native void add(long a, long b, long out, long n);

    static native void mul(long x, long y, long n);

    static native void scale(long x, long n, float s);

    static native void axpy(float alpha, long x, long y, long n);

    static native void tanh(long x, long out, long n);

    static native void tanhBackward(long y, long dy, long dx, long n);

    static native void addRowVector(long m, int rows, int cols, long v);

    static native void addColumnSums(long m, int rows, int cols, int ld, long out);

    static native void scaleRows(long m, int rows, int cols, long scale);

    static native void gatherRows(long table, int cols, long idx, int count, long out);

    static native void scatterAddRows(long src, int cols, long idx, int count, long table);

    static native void lstmForward(long g, long r, long cp, long c, long tc, long h, int b, int hidden);

    static native void lstmBackward(long g, long cp, long tc, long dh, long dc, long dg, int b, int hidden);

    static native void gruForward(long p, long r, long bhn, long hp, long h, int b, int hidden);

    static native void gruBackward(long p, long r, long hp, long dh, long dp, long dr, long dhp, int b, int hidden);

    static native void rnnForward(long p, long r, long h, long n, boolean relu);

    static native void rnnBackward(long h, long dh, long dp, long n, boolean relu);

    static native void adam(long p, long g, long state, long n, float lrT, float beta1, float beta2, float eps);

    static native void sgd(long p, long g, long n, float lr);

    static native int reduceBlocks();

    /** Per-block partial sums of {@code x*y} into {@code partial} ({@link #reduceBlocks()} floats). */
    static native void dot(long x, long y, long n, long partial);

    /** Row-wise: mode 0 softmax(z/temperature), 1 log softmax, 2 softmax over valid[r] columns (in place). */
    static native void softmaxRows(long z, long out, int rows, int cols, float temperature, int mode, long valid);

    static native void softmaxBackward(long a, long da, long ds, int rows, int cols);

    static native void softmaxCrossEntropy(long z, int rows, int cols, long targets, long weights, float smoothing,
                                           float scale, long dz, long rowLoss);

    // the cell math of braid_cells.cuh compiled for the host: the CPU-side tests hold it to the Java kernels

    static native void hostLstmForward(float[] g, float[] r, float[] cp, float[] c, float[] tc, float[] h, int b, int hidden);

    static native void hostLstmBackward(float[] g, float[] cp, float[] tc, float[] dh, float[] dc, float[] dg, int b,
                                        int hidden);

    static native void hostGruForward(float[] p, float[] r, float[] bhn, float[] hp, float[] h, int b, int hidden);

    static native void hostGruBackward(float[] p, float[] r, float[] hp, float[] dh, float[] dp, float[] dr, float[] dhp,
                                       int b, int hidden);

    static native void hostAdam(float[] p, float[] g, float[] state, int n, float lrT, float beta1, float beta2, float eps);
}
