package dev.braid.worker.kernel;

/** OpenBLAS's thread count, a process-wide setting: one per task core, set before training starts. */
public final class BlasThreads {
    private BlasThreads() {
    }

    public static void set(int threads) {
        NativeBlas.setThreads(threads);
    }

    /** Every core of this JVM: for inference and evaluation on the driver, where nothing else computes. */
    public static void allCores() {
        set(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public static int get() {
        return NativeBlas.threads();
    }
}
