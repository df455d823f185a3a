package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Initializer;
import dev.braid.worker.nn.ParamLayout;
import dev.braid.worker.nn.Scratch;
import dev.braid.worker.nn.Slot;
import dev.braid.worker.rnn.LayerState;
import java.util.SplittableRandom;

/**
 * {@link Conv1DSpec}. The input is laid into an extended block {@code [before | x | after]} (time-major,
 * so a step is {@code rows} contiguous rows): the steps before are the carried state (the last inputs
 * of the previous segment) or zeros. At stride 1 a tap is one GEMM on that block offset by
 * {@code j * dilation * rows} rows; at a larger stride each tap's rows are gathered first. Weights are
 * {@code W [kernel * F, filters]}, tap after tap. Where a carrying convolution meets document resets
 * ({@code keep} 0 at step r of row b), its outputs from step r on do not see that row's inputs before r:
 * each tap reads a copy of its rows with those zeroed, and the carried inputs of a row that restarted
 * are zero before its restart, so a segment cut into time chunks computes what it computes whole.
 */
final class Conv1DLayer implements Layer {
    private final Conv1DSpec spec;
    private final String scope;
    private final int unit;
    private final boolean encoder;
    private final int nIn;
    private final Slot w;
    private final Slot b;
    private Kernels k;
    private Buf params;
    private Buf grads;
    private Buf ext;
    private Buf gathered;
    private Buf y;
    private Buf dz;
    private Buf dExt;
    private Buf tmp;
    private Buf dx;
    private int steps;
    private int rows;
    private int outSteps;
    private float[] keep;
    /** Per {@code (t, b)}: the last step {@code <= t} where row b restarts, or {@link #NONE}; null without resets. */
    private int[] lastReset;
    private static final int NONE = Integer.MIN_VALUE;

    Conv1DLayer(Conv1DSpec spec, BuildContext at) {
        this(spec, spec.name(), at.layout(), at.unit(), at.encoder(), at.inputWidth());
    }

    /** A convolution with its parameters under {@code scope} (a part of a composite layer). */
    Conv1DLayer(Conv1DSpec spec, String scope, ParamLayout layout, int unit, boolean encoder, int nIn) {
        this.spec = spec;
        this.scope = scope;
        this.unit = unit;
        this.encoder = encoder;
        this.nIn = nIn;
        this.w = layout.add(scope + ".W", spec.kernel() * nIn, spec.filters());
        this.b = layout.add(scope + ".b", 1, spec.filters());
    }

    @Override public String name() {
        return spec.name();
    }

    @Override public int width() {
        return spec.filters();
    }

    /** The output of the last forward (after the activation). */
    Buf output() {
        return y;
    }

    /** Steps of input it carries (0: none). */
    int stateSteps() {
        return spec.carries(encoder) ? spec.padBefore() : 0;
    }

    @Override public void bind(Kernels kernels, Buf p, Buf g) {
        this.k = kernels;
        this.params = p;
        this.grads = g;
    }

    @Override public void init(Buf p, SplittableRandom rng) {
        Initializer.xavier(p, w, spec.kernel() * nIn, spec.filters(), rng);
        Initializer.columns(p, b, 0, spec.filters(), 0);
    }

    @Override public LayerState newState(int batchRows) {
        return stateSteps() == 0 ? null : new LayerState(k, batchRows, nIn, stateSteps());
    }

    @Override public Seq forward(Seq in, Pass pass) {
        LayerState s = pass.state(unit);
        Pass.Input i = pass.input(encoder);
        float[] resets = i.steps() == in.steps() && i.rows() == in.rows() ? i.keep() : null;
        return forward(in, s == null ? null : s.buf(), 0, resets);
    }

    @Override public Buf backward(Buf dOut, Pass pass) {
        LayerState g = pass.stateGradient(unit);
        return backward(dOut, g == null ? null : g.buf(), 0);
    }

    /** The convolution of {@code in}, its carried inputs read from and written back to {@code state} at {@code off} (null: zeros). */
    Seq forward(Seq in, Buf state, int off, float[] resets) {
        steps = in.steps();
        rows = in.rows();
        keep = resets;
        outSteps = spec.outputSteps(steps);
        if (outSteps == 0) {
            throw new IllegalArgumentException("layer '" + spec.name() + "': an input of " + steps + " steps is shorter "
                    + "than one window of " + ((spec.kernel() - 1) * spec.dilation() + 1) + " steps");
        }
        int block = rows * nIn;
        int before = spec.padBefore();
        int extended = before + steps + spec.padAfter();
        ext = Scratch.ensure(k, ext, extended * block);
        lastReset = stateSteps() > 0 && keep != null ? lastResets() : null;
        if (state != null && stateSteps() > 0) {
            k.copy(state, off, ext, 0, before * block);
        } else {
            k.fill(ext, 0, before * block, 0);
        }
        k.copy(in.values(), 0, ext, before * block, steps * block);
        k.fill(ext, (before + steps) * block, spec.padAfter() * block, 0);
        int n = outSteps * rows;
        int f = spec.filters();
        y = Scratch.ensure(k, y, n * f);
        for (int j = 0; j < spec.kernel(); j++) {
            k.gemm(false, false, n, f, nIn, 1, tap(j), tapOffset(j), params, w.offset() + j * nIn * f, j == 0 ? 0 : 1, y, 0);
        }
        k.addRowVector(y, 0, n, f, params, b.offset());
        k.activate(spec.activation(), y, 0, y, 0, n * f);
        if (state != null && stateSteps() > 0) {
            k.copy(ext, (extended - before) * block, state, off, before * block);
            forgetBeforeRestart(state, off);
        }
        return new Seq(y, outSteps, rows);
    }

    private int[] lastResets() {
        int[] last = new int[steps * rows];
        for (int r = 0; r < rows; r++) {
            int at = NONE;
            for (int t = 0; t < steps; t++) {
                if (keep[t * rows + r] == 0) {
                    at = t;
                }
                last[t * rows + r] = at;
            }
        }
        return last;
    }

    /** Whether output step t of row r sees tap j's input (input step {@code t + j*dilation - padBefore}). */
    private boolean visible(int t, int r, int j) {
        int reset = lastReset[t * rows + r];
        return reset == NONE || t + j * spec.dilation() - spec.padBefore() >= reset;
    }

    /** In carried inputs {@code [before, rows, F]} at {@code off}: zeroes a row's inputs from before its last restart. */
    private void forgetBeforeRestart(Buf m, int off) {
        if (lastReset == null) {
            return;
        }
        int before = spec.padBefore();
        for (int r = 0; r < rows; r++) {
            int reset = lastReset[(steps - 1) * rows + r];
            for (int p = 0; p < before && reset != NONE; p++) {
                if (steps - before + p < reset) {
                    k.fill(m, off + (p * rows + r) * nIn, nIn, 0);
                }
            }
        }
    }

    /**
     * The buffer holding tap j's input rows: the extended block itself at stride 1, else a gathered copy;
     * under document resets a copy with the rows an output may not see zeroed.
     */
    private Buf tap(int j) {
        if (lastReset != null) {
            gathered = Scratch.ensure(k, gathered, outSteps * rows * nIn);
            k.copy(ext, j * spec.dilation() * rows * nIn, gathered, 0, outSteps * rows * nIn);
            hide(gathered, j);
            return gathered;
        }
        if (spec.stride() == 1) {
            return ext;
        }
        int block = rows * nIn;
        gathered = Scratch.ensure(k, gathered, outSteps * block);
        for (int t = 0; t < outSteps; t++) {
            k.copy(ext, (t * spec.stride() + j * spec.dilation()) * block, gathered, t * block, block);
        }
        return gathered;
    }

    private int tapOffset(int j) {
        return spec.stride() == 1 && lastReset == null ? j * spec.dilation() * rows * nIn : 0;
    }

    /** Zeroes the rows of tap j's {@code [outSteps, rows, F]} block that their outputs may not see. */
    private void hide(Buf m, int j) {
        for (int t = 0; t < outSteps; t++) {
            for (int r = 0; r < rows; r++) {
                if (!visible(t, r, j)) {
                    k.fill(m, (t * rows + r) * nIn, nIn, 0);
                }
            }
        }
    }

    /**
     * The gradient of the input; {@code stateGradient} at {@code off} (null: none) holds the gradient of
     * the carried inputs left for the next chunk on entry and of those read on return.
     */
    Buf backward(Buf dOut, Buf stateGradient, int off) {
        int n = outSteps * rows;
        int f = spec.filters();
        int block = rows * nIn;
        int before = spec.padBefore();
        int extended = before + steps + spec.padAfter();
        dz = Scratch.ensure(k, dz, n * f);
        k.activateBackward(spec.activation(), y, 0, dOut, 0, dz, 0, n * f);
        k.addColumnSums(dz, 0, n, f, f, grads, b.offset());
        dExt = Scratch.ensure(k, dExt, extended * block);
        k.fill(dExt, 0, extended * block, 0);
        tmp = Scratch.ensure(k, tmp, n * nIn);
        for (int j = 0; j < spec.kernel(); j++) {
            int wj = w.offset() + j * nIn * f;
            k.gemm(true, false, nIn, f, n, 1, tap(j), tapOffset(j), dz, 0, 1, grads, wj);
            k.gemm(false, true, n, nIn, f, 1, dz, 0, params, wj, 0, tmp, 0);
            if (lastReset != null) {
                hide(tmp, j);
            }
            if (spec.stride() == 1) {
                int at = j * spec.dilation() * block;
                k.add(dExt, at, tmp, 0, dExt, at, n * nIn);
            } else {
                for (int t = 0; t < outSteps; t++) {
                    int at = (t * spec.stride() + j * spec.dilation()) * block;
                    k.add(dExt, at, tmp, t * block, dExt, at, block);
                }
            }
        }
        if (stateGradient != null && stateSteps() > 0) {
            int last = (extended - before) * block;
            forgetBeforeRestart(stateGradient, off);
            k.add(dExt, last, stateGradient, off, dExt, last, before * block);
            k.copy(dExt, 0, stateGradient, off, before * block);
        }
        dx = Scratch.ensure(k, dx, steps * block);
        k.copy(dExt, before * block, dx, 0, steps * block);
        return dx;
    }
}
