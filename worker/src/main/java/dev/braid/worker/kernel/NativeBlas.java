package dev.braid.worker.kernel;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * GEMM on Java arrays through OpenBLAS. Operands are copied into native staging buffers owned by
 * this instance (one per model instance, so one per thread); a {@link Buf} with a native mirror (the
 * parameters) is copied once per modification instead of once per call.
 */
final class NativeBlas {
    static {
        Loader.load(openblas_nolapack.class);
    }

    private final FloatPointer[] f32 = new FloatPointer[3];
    private final DoublePointer[] f64 = new DoublePointer[3];
    private float[] transposed = new float[0];
    /**
     * This instance's own pointers into mirrors: a mirror is shared by every thread that computes with
     * the buffer (the stages of a pipeline), and a pointer's position is per-object state.
     */
    private final FloatPointer[] views = new FloatPointer[3];

    /** Sets OpenBLAS's thread count for the whole process. */
    static void setThreads(int threads) {
        openblas_nolapack.blas_set_num_threads(threads);
    }

    static int threads() {
        return openblas_nolapack.blas_get_num_threads();
    }

    void sgemm(boolean ta, boolean tb, int m, int n, int k, float alpha,
               Buf.F32 a, int aOff, Buf.F32 b, int bOff, float beta, Buf.F32 c, int cOff) {
        FloatPointer pa = operand(0, a, aOff, (long) m * k);
        FloatPointer pb = operand(1, b, bOff, (long) k * n);
        if (beta == 0f && !ta && transposedIsFaster(tb, m, n)) {
            sgemmTransposed(ta, tb, m, n, k, alpha, pa, pb, c, cOff);
            return;
        }
        FloatPointer pc = staging32(2, (long) m * n);
        if (beta != 0f) {
            pc.position(0).put(c.a, cOff, m * n);
        }
        openblas_nolapack.cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, pa, ta ? m : k, pb, tb ? k : n, beta, pc.position(0), n);
        pc.get(c.a, cOff, m * n);
    }

    /**
     * Whether to compute {@code C^T = op(B)^T op(A)^T} and transpose it back: OpenBLAS 0.3.19 is up to
     * 2x faster at writing a few-row product (a recurrent step's {@code [B, H]} or {@code [B, 4H]}, B
     * <= 128) in column order. Measured per shape with 1 and 2 threads on this project's 2-core
     * machine: always faster for {@code A B^T} with m <= 128, for {@code A B} only with m <= 32. The
     * choice depends on the shape only, so results stay deterministic.
     */
    private static boolean transposedIsFaster(boolean tb, int m, int n) {
        return tb ? m <= 128 && n >= 2 * m : m <= 32 && n >= 4 * m;
    }

    private void sgemmTransposed(boolean ta, boolean tb, int m, int n, int k, float alpha,
                                 FloatPointer pa, FloatPointer pb, Buf.F32 c, int cOff) {
        FloatPointer pt = staging32(2, (long) m * n);
        openblas_nolapack.cblas_sgemm(CblasRowMajor, tb ? CblasNoTrans : CblasTrans, ta ? CblasNoTrans : CblasTrans,
                n, m, k, alpha, pb, tb ? k : n, pa, ta ? m : k, 0f, pt, m);
        if (transposed.length < m * n) {
            transposed = new float[m * n];
        }
        float[] t = transposed;
        pt.get(t, 0, m * n);
        float[] out = c.a;
        for (int j = 0; j < n; j++) {
            int row = j * m;
            for (int i = 0; i < m; i++) {
                out[cOff + i * n + j] = t[row + i];
            }
        }
    }

    void dgemm(boolean ta, boolean tb, int m, int n, int k, double alpha,
               Buf.F64 a, int aOff, Buf.F64 b, int bOff, double beta, Buf.F64 c, int cOff) {
        DoublePointer pa = staging64(0, (long) m * k).put(a.a, aOff, m * k);
        DoublePointer pb = staging64(1, (long) k * n).put(b.a, bOff, k * n);
        DoublePointer pc = staging64(2, (long) m * n);
        if (beta != 0d) {
            pc.put(c.a, cOff, m * n);
        }
        openblas_nolapack.cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, pa, ta ? m : k, pb, tb ? k : n, beta, pc, n);
        pc.get(c.a, cOff, m * n);
    }

    private FloatPointer operand(int slot, Buf.F32 buf, int off, long len) {
        FloatPointer mirror = buf.currentMirror();
        if (mirror != null) {
            FloatPointer view = views[slot];
            if (view == null || view.address() != mirror.address()) {
                view = new FloatPointer(mirror);
                views[slot] = view;
            }
            return view.position(off);
        }
        return staging32(slot, len).put(buf.a, off, (int) len);
    }

    private FloatPointer staging32(int slot, long len) {
        FloatPointer p = f32[slot];
        if (p == null || p.capacity() < len) {
            if (p != null) {
                p.close();
            }
            p = new FloatPointer(Math.max(len, 1024));
            f32[slot] = p;
        }
        return p.position(0);
    }

    private DoublePointer staging64(int slot, long len) {
        DoublePointer p = f64[slot];
        if (p == null || p.capacity() < len) {
            if (p != null) {
                p.close();
            }
            p = new DoublePointer(Math.max(len, 1024));
            f64[slot] = p;
        }
        return p.position(0);
    }
}
