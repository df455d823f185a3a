package dev.braid.worker.kernel;

/** Numeric precision of a model instance: float for training, double for gradient checks. */
public enum Precision {
    FLOAT, DOUBLE;

    /** A new kernel set (kernels hold per-thread scratch: one per model instance). */
    public Kernels newKernels() {
        return this == FLOAT ? new VectorKernels() : new ReferenceKernels();
    }
}
