package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Initializer;
import dev.braid.worker.nn.Scratch;
import dev.braid.worker.nn.Slot;
import java.util.SplittableRandom;

/** {@link PoolSpec}: {@code [T*B, F]} to {@code [B, F]} over each row's real steps (its length, else all). */
final class PoolLayer implements Layer {
    private final PoolSpec spec;
    private final boolean encoder;
    private final int width;
    private final Slot v;
    private Kernels k;
    private Buf params;
    private Buf grads;
    private Buf x;
    private Buf out;
    private Buf scores;
    private Buf alpha;
    private Buf dAlpha;
    private Buf dx;
    private int[] argmax = new int[0];
    private int[] lengths;
    private int steps;
    private int rows;

    PoolLayer(PoolSpec spec, BuildContext at) {
        this.spec = spec;
        this.encoder = at.encoder();
        this.width = at.inputWidth();
        this.v = spec.mode() == PoolSpec.Mode.ATTENTION ? at.layout().add(spec.name() + ".v", width, 1) : null;
    }

    @Override public String name() {
        return spec.name();
    }

    @Override public int width() {
        return width;
    }

    @Override public void bind(Kernels kernels, Buf p, Buf g) {
        this.k = kernels;
        this.params = p;
        this.grads = g;
    }

    @Override public void init(Buf p, SplittableRandom rng) {
        if (v != null) {
            Initializer.xavier(p, v, width, 1, rng);
        }
    }

    @Override public Seq forward(Seq in, Pass pass) {
        x = in.values();
        steps = in.steps();
        rows = in.rows();
        Pass.Input i = pass.input(encoder);
        int[] given = i.steps() == steps && i.rows() == rows ? i.lengths() : null;
        lengths = new int[rows];
        for (int b = 0; b < rows; b++) {
            lengths[b] = given == null ? steps : given[b];
        }
        out = Scratch.ensure(k, out, rows * width);
        switch (spec.mode()) {
            case LAST -> {
                for (int b = 0; b < rows; b++) {
                    k.copy(x, at(lengths[b] - 1, b), out, b * width, width);
                }
            }
            case MEAN -> {
                k.fill(out, 0, rows * width, 0);
                for (int b = 0; b < rows; b++) {
                    for (int t = 0; t < lengths[b]; t++) {
                        k.axpy(1, x, at(t, b), out, b * width, width);
                    }
                    k.scale(out, b * width, width, 1.0 / lengths[b]);
                }
            }
            case MAX -> max();
            case ATTENTION -> attend();
        }
        return new Seq(out, 1, rows);
    }

    private int at(int t, int b) {
        return (t * rows + b) * width;
    }

    private void max() {
        if (argmax.length < rows * width) {
            argmax = new int[rows * width];
        }
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < width; j++) {
                int best = 0;
                double m = x.get(at(0, b) + j);
                for (int t = 1; t < lengths[b]; t++) {
                    double c = x.get(at(t, b) + j);
                    if (c > m) {
                        m = c;
                        best = t;
                    }
                }
                argmax[b * width + j] = best;
                out.set(b * width + j, m);
            }
        }
    }

    /** {@code alpha [B, T]}: the masked softmax over each row's steps of {@code x . v}; the weighted sum. */
    private void attend() {
        int n = steps * rows;
        scores = Scratch.ensure(k, scores, n);
        k.gemm(false, false, n, 1, width, 1, x, 0, params, v.offset(), 0, scores, 0);
        alpha = Scratch.ensure(k, alpha, n);
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < steps; t++) {
                k.copy(scores, t * rows + b, alpha, b * steps + t, 1);
            }
        }
        k.softmaxRowsMasked(alpha, 0, rows, steps, lengths, 0);
        k.fill(out, 0, rows * width, 0);
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                k.axpy(alpha.get(b * steps + t), x, at(t, b), out, b * width, width);
            }
        }
    }

    @Override public Buf backward(Buf dOut, Pass pass) {
        int n = steps * rows * width;
        dx = Scratch.ensure(k, dx, n);
        k.fill(dx, 0, n, 0);
        for (int b = 0; b < rows; b++) {
            switch (spec.mode()) {
                case LAST -> k.copy(dOut, b * width, dx, at(lengths[b] - 1, b), width);
                case MEAN -> {
                    for (int t = 0; t < lengths[b]; t++) {
                        k.axpy(1.0 / lengths[b], dOut, b * width, dx, at(t, b), width);
                    }
                }
                case MAX -> {
                    for (int j = 0; j < width; j++) {
                        dx.set(at(argmax[b * width + j], b) + j, dOut.get(b * width + j));
                    }
                }
                case ATTENTION -> {
                }
            }
        }
        if (spec.mode() == PoolSpec.Mode.ATTENTION) {
            attendBackward(dOut);
        }
        return dx;
    }

    private void attendBackward(Buf dOut) {
        dAlpha = Scratch.ensure(k, dAlpha, steps * rows);
        k.fill(dAlpha, 0, steps * rows, 0);
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                dAlpha.set(b * steps + t, k.dot(dOut, b * width, x, at(t, b), width));
                k.axpy(alpha.get(b * steps + t), dOut, b * width, dx, at(t, b), width);
            }
        }
        k.softmaxBackward(alpha, 0, dAlpha, 0, dAlpha, 0, rows, steps);
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                double ds = dAlpha.get(b * steps + t);
                k.axpy(ds, params, v.offset(), dx, at(t, b), width);
                k.axpy(ds, x, at(t, b), grads, v.offset(), width);
            }
        }
    }
}
