package dev.braid.worker.rnn;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Initializer;
import dev.braid.worker.nn.ParamLayout;
import dev.braid.worker.nn.Scratch;
import dev.braid.worker.nn.Slot;
import java.util.SplittableRandom;

/**
 * What every recurrent cell shares: the input projection of all timesteps in one GEMM, the effective
 * previous state of every step (after resets) kept for the backward pass, and the three large GEMMs
 * after the backward time loop. Subclasses write the two time loops.
 *
 * <p>A forward call reads the initial state from its {@link LayerState} and writes the final state
 * back; the following {@link #backward} treats the initial state as a constant (truncated BPTT).
 */
public abstract class RecurrentLayer {
    protected final int nIn;
    protected final int hidden;
    protected final int gates;
    protected final Slot w;
    protected final Slot u;
    protected final Slot b;

    protected Kernels k;
    protected Buf params;
    protected Buf grads;

    /** Forward buffers: input (not owned), input projection / activations, effective previous h, output. */
    protected Buf x;
    protected Buf proj;
    protected Buf hPrev;
    protected Buf out;
    /** Backward buffers. */
    protected Buf dProj;
    protected Buf dx;
    protected Buf dh;
    protected Buf dhNext;

    protected int steps;
    protected int rows;
    protected float[] keep;
    /** Whether {@link #backward} also leaves the gradient of the initial state (a model computed it). */
    protected boolean initialStateGradient;
    /** During a {@link #backward(Buf, LayerState)}: the carried state gradient, else null. */
    protected LayerState carry;
    /** The recurrent (variational) dropout mask {@code [B, H]} of this segment, or null. */
    private Buf recMask;
    /** {@code hPrev * mask}, step by step: what the recurrent GEMM reads under recurrent dropout. */
    private Buf hRec;
    private Buf recTmp;

    protected RecurrentLayer(String name, ParamLayout layout, int nIn, int hidden, int gates) {
        this.nIn = nIn;
        this.hidden = hidden;
        this.gates = gates;
        this.w = layout.add(name + ".W", nIn, gates * hidden);
        this.u = layout.add(name + ".U", hidden, gates * hidden);
        this.b = layout.add(name + ".b", 1, gates * hidden);
    }

    public abstract CellType type();

    /** Binds the layer to its kernels and to the model's flat parameter and gradient buffers. */
    public void bind(Kernels kernels, Buf params, Buf grads) {
        this.k = kernels;
        this.params = params;
        this.grads = grads;
    }

    public void init(Buf p, SplittableRandom rng) {
        Initializer.xavier(p, w, nIn, hidden, rng);
        Initializer.xavier(p, u, hidden, hidden, rng);
        Initializer.columns(p, b, 0, gates * hidden, 0);
    }

    public int hidden() {
        return hidden;
    }

    /** Asks {@link #backward} to compute the gradient of the initial state, for models that compute it. */
    public void computeInitialStateGradient(boolean on) {
        this.initialStateGradient = on;
    }

    /**
     * After {@link #backward} with {@link #computeInitialStateGradient} on: the gradient of the initial
     * h ({@code [B, H]}).
     */
    public Buf initialHGradient() {
        return dhNext;
    }

    /** Whether step t's backward must produce the gradient flowing to step t-1 (or to the initial state). */
    protected boolean needsPreviousGradient(int t) {
        return t > 0 || initialStateGradient || carry != null;
    }

    /**
     * Recurrent (variational) dropout for the next {@link #forward}: every step's previous state is
     * multiplied by {@code mask} ({@code [B, H]}, the same at every step) where the recurrent projection
     * reads it; null: none. Gal and Ghahramani (2016).
     */
    public void recurrentMask(Buf mask) {
        this.recMask = mask;
    }

    public LayerState newState(int batchRows) {
        return new LayerState(k, batchRows, hidden, type().stateParts());
    }

    /**
     * Runs {@code T} steps over {@code x} ({@code [T*B, nIn]}) from {@code state}, which is replaced by
     * the final state. {@code keep} ({@code [T*B]}, or null for none) multiplies row b's previous
     * state before step t: 0 where a new document starts. Returns the outputs {@code [T*B, H]}.
     */
    public Buf forward(Buf input, int T, int B, LayerState state, float[] keepMask) {
        this.x = input;
        this.steps = T;
        this.rows = B;
        this.keep = keepMask;
        int n = T * B;
        proj = Scratch.ensure(k, proj, n * gates * hidden);
        hPrev = Scratch.ensure(k, hPrev, n * hidden);
        out = Scratch.ensure(k, out, n * hidden);
        allocateForward(n);
        if (recMask != null) {
            hRec = Scratch.ensure(k, hRec, n * hidden);
        }
        k.gemm(false, false, n, gates * hidden, nIn, 1, input, 0, params, w.offset(), 0, proj, 0);
        k.addRowVector(proj, 0, n, gates * hidden, params, b.offset());
        forwardSteps(state);
        return out;
    }

    /** Back-propagates {@code dOut} ({@code [T*B, H]}), accumulates parameter gradients, returns dX. */
    public Buf backward(Buf dOut) {
        return backward(dOut, null);
    }

    /**
     * {@link #backward(Buf)} for one time chunk of a longer sequence (a pipeline's wavefront schedule):
     * {@code stateGradient}, shaped like this layer's state, holds the gradient of the chunk's final
     * state (from the chunk after it) on entry and the gradient of its initial state on return, so
     * chunks run backward in reverse order compute what one call over the whole sequence computes.
     */
    public Buf backward(Buf dOut, LayerState stateGradient) {
        this.carry = stateGradient;
        try {
            return backwardOnce(dOut);
        } finally {
            this.carry = null;
        }
    }

    private Buf backwardOnce(Buf dOut) {
        int n = steps * rows;
        dProj = Scratch.ensure(k, dProj, n * gates * hidden);
        dx = Scratch.ensure(k, dx, n * nIn);
        dh = Scratch.ensure(k, dh, rows * hidden);
        dhNext = Scratch.ensure(k, dhNext, rows * hidden);
        allocateBackward(n);
        if (carry == null) {
            k.fill(dhNext, 0, rows * hidden, 0);
        } else {
            k.copy(carry.buf(), carry.offset(0), dhNext, 0, rows * hidden);
        }
        backwardSteps(dOut);
        if (carry != null) {
            k.copy(dhNext, 0, carry.buf(), carry.offset(0), rows * hidden);
        }
        int gh = gates * hidden;
        k.gemm(true, false, nIn, gh, n, 1, x, 0, dProj, 0, 1, grads, w.offset());
        k.addColumnSums(dProj, 0, n, gh, gh, grads, b.offset());
        k.gemm(true, false, hidden, gh, n, 1, recMask == null ? hPrev : hRec, 0, dRecurrent(), 0, 1, grads, u.offset());
        k.gemm(false, true, n, nIn, gh, 1, dProj, 0, params, w.offset(), 0, dx, 0);
        return dx;
    }

    /** Copies the state part at {@code src} (or the previous step's output) into step t's previous-state block, applying resets. */
    protected void previous(Buf src, int srcOff, Buf dst, int t) {
        int bh = rows * hidden;
        k.copy(src, srcOff, dst, t * bh, bh);
        if (keep != null) {
            k.scaleRows(dst, t * bh, rows, hidden, keep, t * rows);
        }
    }

    /** What the recurrent GEMM of step t reads (at {@code t * B * H}): the previous state, masked under recurrent dropout. */
    protected Buf recurrentInput(int t) {
        if (recMask == null) {
            return hPrev;
        }
        int bh = rows * hidden;
        k.copy(hPrev, t * bh, hRec, t * bh, bh);
        k.mul(hRec, t * bh, recMask, 0, bh);
        return hRec;
    }

    /**
     * The recurrent projection's gradient for the previous state, {@code dPre U^T} ({@code dPre} at
     * {@code off}, {@code [B, G*H]}), masked under recurrent dropout, written to {@code dhNext} (beta 0)
     * or added to it (beta 1).
     */
    protected void recurrentGradient(Buf dPre, int off, double beta) {
        if (recMask == null) {
            k.gemm(false, true, rows, hidden, gates * hidden, 1, dPre, off, params, u.offset(), beta, dhNext, 0);
            return;
        }
        int bh = rows * hidden;
        recTmp = Scratch.ensure(k, recTmp, bh);
        k.gemm(false, true, rows, hidden, gates * hidden, 1, dPre, off, params, u.offset(), 0, recTmp, 0);
        k.mul(recTmp, 0, recMask, 0, bh);
        if (beta == 0) {
            k.copy(recTmp, 0, dhNext, 0, bh);
        } else {
            k.add(dhNext, 0, recTmp, 0, dhNext, 0, bh);
        }
    }

    /** Applies step t's resets to a gradient flowing to the previous state. */
    protected void resetGradient(Buf g, int t) {
        if (keep != null) {
            k.scaleRows(g, 0, rows, hidden, keep, t * rows);
        }
    }

    protected abstract void allocateForward(int n);

    protected abstract void allocateBackward(int n);

    protected abstract void forwardSteps(LayerState state);

    protected abstract void backwardSteps(Buf dOut);

    /** Gradient with respect to the recurrent projection {@code hPrev * U}, {@code [T*B, G*H]}. */
    protected abstract Buf dRecurrent();
}
