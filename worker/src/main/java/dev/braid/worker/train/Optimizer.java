package dev.braid.worker.train;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;

/**
 * Applies one update to a model's flat parameters from its flat gradients: optional global-norm
 * clipping, then Adam or SGD. The state (Adam's first and second moments, one after the other) is one
 * flat buffer so that it can be averaged across workers and checkpointed like the parameters.
 */
public final class Optimizer {
    private final OptimizerSpec spec;
    private final Kernels k;
    private final int n;
    private final Buf state;

    public Optimizer(OptimizerSpec spec, Kernels kernels, int parameters) {
        this.spec = spec;
        this.k = kernels;
        this.n = parameters;
        this.state = kernels.alloc(Math.max(1, spec.stateMultiple() * parameters));
    }

    public int stateSize() {
        return spec.stateMultiple() * n;
    }

    public Buf state() {
        return state;
    }

    /**
     * Updates {@code params} from {@code grads} as the {@code iteration}-th step (0-based, global across
     * workers, so Adam's bias correction agrees everywhere). Returns the gradient norm before clipping.
     */
    public double step(Buf params, Buf grads, long iteration) {
        return step(params, grads, iteration, 1.0);
    }

    /**
     * As above at {@code rateScale} times the scheduled learning rate. A gradient whose norm is not
     * finite changes nothing (NaN compares false against the clipping threshold and would flow into
     * the parameters and the moments); the caller sees the norm and decides.
     */
    public double step(Buf params, Buf grads, long iteration, double rateScale) {
        return step(params, grads, iteration, rateScale, 0);
    }

    /** As above with the schedule ending at update {@code plannedUpdates} ({@link OptimizerSpec#rate(long, long)}). */
    public double step(Buf params, Buf grads, long iteration, double rateScale, long plannedUpdates) {
        double norm = Math.sqrt(k.sumSquares(grads, 0, n));
        if (!Double.isFinite(norm)) {
            return norm;
        }
        if (spec.clipNorm() > 0 && norm > spec.clipNorm()) {
            k.scale(grads, 0, n, spec.clipNorm() / norm);
        }
        if (spec.kind() == OptimizerSpec.Kind.ADAM) {
            double t = iteration + 1;
            double lrT = rateScale * spec.rate(iteration, plannedUpdates) * Math.sqrt(1 - Math.pow(spec.beta2(), t)) / (1 - Math.pow(spec.beta1(), t));
            k.adam(params, grads, state, n, lrT, spec.beta1(), spec.beta2(), spec.epsilon());
        } else {
            k.sgd(params, grads, n, rateScale * spec.rate(iteration, plannedUpdates));
        }
        params.modified();
        return norm;
    }
}
