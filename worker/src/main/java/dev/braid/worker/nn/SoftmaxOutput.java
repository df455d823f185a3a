package dev.braid.worker.nn;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Dense projection to {@code V} classes followed by softmax cross-entropy; or, for a training step, over a
 * shortlist of the classes ({@link #shortlistLogits}): the projection's columns of the listed classes
 * are gathered into a narrower matrix, and its gradient scattered back. A tied projection is an
 * embedding's {@code [V, nIn]} table read transposed (Press and Wolf 2017): the two uses share one
 * matrix and add into one gradient; a class's weights are then a row, so a shortlist gathers rows.
 */
public final class SoftmaxOutput {
    private final Slot w;
    private final Slot b;
    private final int nIn;
    private final int classes;
    /** {@code w} is an embedding's {@code [classes, nIn]} table (owned and initialised by the embedding). */
    private final boolean tied;
    private Kernels k;
    private Buf params;
    private Buf grads;
    private Buf x;
    private Buf logits;
    private Buf dLogits;
    private Buf dx;
    private int rows;
    /** The classes of the last shortlisted step, ascending ({@code listed} of them; -1: every class). */
    private int[] ids;
    private int listed = -1;
    private int[] place;
    private int[] listedTargets;
    private Buf wListed;
    private Buf bListed;
    private Buf dwListed;

    public SoftmaxOutput(String name, ParamLayout layout, int nIn, int classes) {
        this(name, layout, nIn, classes, null);
    }

    /**
     * A projection of its own ({@code tiedTable == null}: {@code name.W [nIn, classes]}), or the transpose of
     * {@code tiedTable}, which must be {@code [classes, nIn]}; the bias {@code name.b} is its own either way.
     */
    public SoftmaxOutput(String name, ParamLayout layout, int nIn, int classes, Slot tiedTable) {
        if (tiedTable != null && (tiedTable.rows() != classes || tiedTable.cols() != nIn)) {
            throw new IllegalArgumentException("softmax '" + name + "' tied to " + tiedTable.name() + " [" + tiedTable.rows()
                    + ", " + tiedTable.cols() + "]: a tied table must be [classes, input width] = [" + classes + ", " + nIn
                    + "]; make the embedding's dim equal to the width the head reads, and its vocabulary the classes");
        }
        this.tied = tiedTable != null;
        this.w = tied ? tiedTable : layout.add(name + ".W", nIn, classes);
        this.b = layout.add(name + ".b", 1, classes);
        this.nIn = nIn;
        this.classes = classes;
    }

    public void bind(Kernels kernels, Buf p, Buf g) {
        this.k = kernels;
        this.params = p;
        this.grads = g;
    }

    public void init(Buf p, SplittableRandom rng) {
        if (!tied) {
            Initializer.xavier(p, w, nIn, classes, rng);
        }
        Initializer.columns(p, b, 0, classes, 0);
    }

    public int classes() {
        return classes;
    }

    /** Logits {@code [n, V]} of {@code input [n, nIn]}; the input is kept for {@link #backward}. */
    public Buf logits(Buf input, int n) {
        this.x = input;
        this.rows = n;
        this.listed = -1;
        logits = Scratch.ensure(k, logits, n * classes);
        k.gemm(false, tied, n, classes, nIn, 1, input, 0, params, w.offset(), 0, logits, 0);
        k.addRowVector(logits, 0, n, classes, params, b.offset());
        return logits;
    }

    /**
     * Logits of {@code input [n, nIn]} over the classes below {@code frequent} and the {@code targets} of
     * its rows only, for {@link #loss} and {@link #backward}: the softmax of a training step on a shortlist.
     */
    public void shortlistLogits(Buf input, int n, int[] targets, int frequent) {
        this.x = input;
        this.rows = n;
        list(targets, n, frequent);
        int m = listed;
        wListed = Scratch.ensure(k, wListed, nIn * m);
        bListed = Scratch.ensure(k, bListed, m);
        if (tied) {
            k.gatherRows(params, w.offset(), nIn, ids, m, wListed, 0);
        } else {
            for (int i = 0; i < nIn; i++) {
                k.gatherRows(params, w.offset() + i * classes, 1, ids, m, wListed, i * m);
            }
        }
        k.gatherRows(params, b.offset(), 1, ids, m, bListed, 0);
        logits = Scratch.ensure(k, logits, n * m);
        k.gemm(false, tied, n, m, nIn, 1, input, 0, wListed, 0, 0, logits, 0);
        k.addRowVector(logits, 0, n, m, bListed, 0);
    }

    /** The shortlist: classes below {@code frequent} and the targets, ascending; targets renumbered into it. */
    private void list(int[] targets, int n, int frequent) {
        if (place == null) {
            place = new int[classes];
            ids = new int[classes];
            Arrays.fill(place, -1);
        }
        for (int c = 0; c < Math.min(frequent, classes); c++) {
            place[c] = 0;
        }
        for (int r = 0; r < n; r++) {
            place[targets[r]] = 0;
        }
        int m = 0;
        for (int c = 0; c < classes; c++) {
            if (place[c] == 0) {
                ids[m] = c;
                place[c] = m++;
            }
        }
        if (listedTargets == null || listedTargets.length < n) {
            listedTargets = new int[n];
        }
        for (int r = 0; r < n; r++) {
            listedTargets[r] = place[targets[r]];
        }
        for (int i = 0; i < m; i++) {
            place[ids[i]] = -1;
        }
        listed = m;
    }

    /** Classes in the last step's softmax: all of them, or the shortlist's size. */
    private int lastWidth() {
        return listed < 0 ? classes : listed;
    }

    /**
     * Cross-entropy of the last {@link #logits} (or {@link #shortlistLogits}) against {@code targets}
     * (label-smoothed by {@code smoothing}, over the columns computed) with row weights; the gradient
     * of {@code lossScale * loss} is kept for {@link #backward}. Returns the weighted loss sum.
     */
    public double loss(int[] targets, float[] weights, double smoothing, double lossScale) {
        int cols = lastWidth();
        dLogits = Scratch.ensure(k, dLogits, rows * cols);
        return k.softmaxCrossEntropy(logits, 0, rows, cols, listed < 0 ? targets : listedTargets, weights, smoothing,
                lossScale, dLogits, 0);
    }

    /** Accumulates parameter gradients and returns the gradient of the input. */
    public Buf backward() {
        dx = Scratch.ensure(k, dx, rows * nIn);
        if (listed < 0) {
            if (tied) {
                k.gemm(true, false, classes, nIn, rows, 1, dLogits, 0, x, 0, 1, grads, w.offset());
            } else {
                k.gemm(true, false, nIn, classes, rows, 1, x, 0, dLogits, 0, 1, grads, w.offset());
            }
            k.addColumnSums(dLogits, 0, rows, classes, classes, grads, b.offset());
            k.gemm(false, !tied, rows, nIn, classes, 1, dLogits, 0, params, w.offset(), 0, dx, 0);
            return dx;
        }
        int m = listed;
        // the listed columns' gradients, computed narrow, then added to theirs (ids are distinct); the
        // scratch then holds the bias's
        dwListed = Scratch.ensure(k, dwListed, nIn * m);
        if (tied) {
            k.gemm(true, false, m, nIn, rows, 1, dLogits, 0, x, 0, 0, dwListed, 0);
            k.scatterAddRows(dwListed, 0, nIn, ids, m, grads, w.offset());
        } else {
            k.gemm(true, false, nIn, m, rows, 1, x, 0, dLogits, 0, 0, dwListed, 0);
            for (int i = 0; i < nIn; i++) {
                k.scatterAddRows(dwListed, i * m, 1, ids, m, grads, w.offset() + i * classes);
            }
        }
        k.fill(dwListed, 0, m, 0);
        k.addColumnSums(dLogits, 0, rows, m, m, dwListed, 0);
        k.scatterAddRows(dwListed, 0, 1, ids, m, grads, b.offset());
        k.gemm(false, !tied, rows, nIn, m, 1, dLogits, 0, wListed, 0, 0, dx, 0);
        return dx;
    }
}
