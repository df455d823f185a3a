package dev.braid.worker.model;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.nn.ParamLayout;

/**
 * What every model owns: its kernels, the parameter layout its layers register in while it is built,
 * and the flat parameter and gradient buffers, allocated by {@link #allocate()} once every layer has
 * registered. A <em>replica</em> computes with kernels of its own on another instance's buffers: the
 * stages of a pipeline are replicas of the model they split.
 */
abstract class ModelParts<B> implements SequenceModel<B> {
    protected final Kernels k;
    protected final ParamLayout layout = new ParamLayout();
    protected Buf params;
    protected Buf grads;

    protected ModelParts(Precision precision) {
        this.k = precision.newKernels();
    }

    /** A replica: computes with {@code kernels} on {@code sharedParams} and {@code sharedGrads}. */
    protected ModelParts(Kernels kernels, Buf sharedParams, Buf sharedGrads) {
        this.k = kernels;
        this.params = sharedParams;
        this.grads = sharedGrads;
    }

    /** Allocates the flat buffers for the registered layout; the parameters get a native mirror for BLAS. */
    protected final void allocate() {
        if (params != null) {
            if (params.length() != layout.size() || grads.length() != layout.size()) {
                throw new IllegalArgumentException("shared buffers of " + params.length() + " values do not hold this "
                        + "model's " + layout.size() + " parameters");
            }
            return;
        }
        params = k.alloc(layout.size());
        grads = k.alloc(layout.size());
        params.mirror();
    }

    @Override public Kernels kernels() {
        return k;
    }

    @Override public ParamLayout layout() {
        return layout;
    }

    @Override public Buf params() {
        return params;
    }

    @Override public Buf grads() {
        return grads;
    }
}
