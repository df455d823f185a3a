package dev.braid.worker.kernel;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A flat array of reals in one precision. Matrices inside it are addressed by offset and are
 * row-major and contiguous. A buffer that BLAS reads many times between writes (the parameters) can
 * keep a native mirror, refreshed lazily after {@link #modified()}.
 */
public sealed interface Buf permits Buf.F32, Buf.F64, Buf.Dev {

    int length();

    double get(int i);

    void set(int i, double v);

    /** Enables the native mirror: BLAS reads this buffer in place of copying it on every call. */
    void mirror();

    /** Must be called after writing a mirrored buffer from Java. */
    void modified();

    /** Writes {@code src[srcOff, srcOff + n)} at {@code offset} in one copy (a device buffer: one transfer). */
    default void write(int offset, float[] src, int srcOff, int n) {
        for (int i = 0; i < n; i++) {
            set(offset + i, src[srcOff + i]);
        }
        modified();
    }

    /** Reads {@code [offset, offset + n)} into {@code dst} from {@code dstOff} in one copy. */
    default void read(int offset, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = (float) get(offset + i);
        }
    }

    default float[] toFloatArray() {
        float[] out = new float[length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) get(i);
        }
        return out;
    }

    default void setAll(float[] values) {
        if (values.length != length()) {
            throw new IllegalArgumentException("length " + values.length + " != " + length());
        }
        for (int i = 0; i < values.length; i++) {
            set(i, values[i]);
        }
        modified();
    }

    /** Single precision, the training precision. */
    final class F32 implements Buf {
        public final float[] a;
        FloatPointer nativeMirror;
        long version;
        long mirrorVersion = -1;

        public F32(int n) {
            this.a = new float[n];
        }

        @Override public int length() {
            return a.length;
        }

        @Override public double get(int i) {
            return a[i];
        }

        @Override public void set(int i, double v) {
            a[i] = (float) v;
        }

        @Override public void mirror() {
            if (nativeMirror == null) {
                nativeMirror = new FloatPointer(Math.max(1, a.length));
            }
        }

        @Override public void modified() {
            version++;
        }

        /**
         * The native mirror brought up to date (null without one). Synchronized: the stages of a
         * pipeline read the same parameters from several threads, and the first to arrive after a
         * modification refreshes the mirror for all.
         */
        synchronized FloatPointer currentMirror() {
            if (nativeMirror != null && mirrorVersion != version) {
                nativeMirror.position(0).put(a, 0, a.length);
                mirrorVersion = version;
            }
            return nativeMirror;
        }

        @Override public float[] toFloatArray() {
            return a.clone();
        }

        @Override public void write(int offset, float[] src, int srcOff, int n) {
            System.arraycopy(src, srcOff, a, offset, n);
            modified();
        }

        @Override public void read(int offset, float[] dst, int dstOff, int n) {
            System.arraycopy(a, offset, dst, dstOff, n);
        }

        @Override public void setAll(float[] values) {
            if (values.length != a.length) {
                throw new IllegalArgumentException("length " + values.length + " != " + a.length);
            }
            System.arraycopy(values, 0, a, 0, a.length);
            modified();
        }
    }

    /** Double precision, for gradient checks and reference results. */
    final class F64 implements Buf {
        public final double[] a;
        DoublePointer nativeMirror;

        public F64(int n) {
            this.a = new double[n];
        }

        @Override public int length() {
            return a.length;
        }

        @Override public double get(int i) {
            return a[i];
        }

        @Override public void set(int i, double v) {
            a[i] = v;
        }

        @Override public void mirror() {
            // reference precision: always copies, nothing to mirror
        }

        @Override public void modified() {
            // no mirror to invalidate
        }
    }

    /**
     * Single precision in a CUDA device's memory ({@link CudaKernels}): element access copies one
     * value across the bus, so hot paths use the bulk {@link #write}, {@link #read}, {@link #setAll}
     * and {@link #toFloatArray}. The buffer remembers its device: copies make it the thread's current device
     * first (a task may hold buffers of several), and the memory is freed on it when the buffer is collected.
     */
    final class Dev implements Buf {
        private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();
        final long ptr;
        private final int n;
        private final int device;

        Dev(long ptr, int n, int device) {
            this.ptr = ptr;
            this.n = n;
            this.device = device;
            CLEANER.register(this, () -> {
                CudaNative.setDevice(device);
                CudaNative.free(ptr);
            });
        }

        /** The CUDA device whose memory this is. */
        int device() {
            return device;
        }

        /** The device address of element {@code i}. */
        long at(int i) {
            return ptr + 4L * i;
        }

        @Override public int length() {
            return n;
        }

        @Override public double get(int i) {
            float[] one = new float[1];
            read(i, one, 0, 1);
            return one[0];
        }

        @Override public void set(int i, double v) {
            write(i, new float[] {(float) v}, 0, 1);
        }

        @Override public void mirror() {
            // BLAS reads device memory in place
        }

        @Override public void modified() {
            // no mirror to invalidate
        }

        @Override public void write(int offset, float[] src, int srcOff, int count) {
            CudaKernels.use(device);
            CudaKernels.check(CudaNative.upload(at(offset), src, srcOff, count), "upload");
        }

        @Override public void read(int offset, float[] dst, int dstOff, int count) {
            CudaKernels.use(device);
            CudaKernels.check(CudaNative.download(at(offset), dst, dstOff, count), "download");
        }

        @Override public float[] toFloatArray() {
            float[] out = new float[n];
            read(0, out, 0, n);
            return out;
        }

        @Override public void setAll(float[] values) {
            if (values.length != n) {
                throw new IllegalArgumentException("length " + values.length + " != " + n);
            }
            write(0, values, 0, n);
        }
    }
}
