package dev.braid.worker.kernel;

/** OpenBLAS's thread count, a process-wide setting: one per task core, set before training starts. */
public final class BlasThreads {
    private BlasThreads() {
    }

    public static void set(int threads) {
        NativeBlas.setThreads(threads);
    }

    public static int get() {
        return NativeBlas.threads();
    }
}
