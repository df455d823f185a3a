package dev.braid.worker.stack;

import dev.braid.worker.kernel.Activation;
import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Initializer;
import dev.braid.worker.nn.Scratch;
import dev.braid.worker.nn.Slot;
import dev.braid.worker.rnn.LayerState;
import java.util.SplittableRandom;

/**
 * {@link WaveNetSpec}. Block l: {@code tf = tanh(conv_f(x_l))}, {@code sg = sigmoid(conv_g(x_l))}
 * (two dilated causal convolutions, so each output is one contiguous block), {@code z = tf * sg},
 * {@code x_{l+1} = x_l + z W_res + b_res}, {@code skip += z W_skip + b_skip}; the output is
 * {@code relu(skip)}. The carried state holds, block after block, the filter and the gate
 * convolutions' last inputs.
 */
final class WaveNetLayer implements Layer {
    private final WaveNetSpec spec;
    private final int unit;
    private final boolean encoder;
    private final int nIn;
    private final int c;
    private final Slot inW;
    private final Slot inB;
    private final Conv1DLayer[] filter;
    private final Conv1DLayer[] gate;
    private final Slot[] res;
    private final Slot[] skip;
    private Kernels k;
    private Buf params;
    private Buf grads;
    private Buf x;
    private final Buf[] xs;
    private final Buf[] z;
    private Buf skipSum;
    private Buf out;
    private Buf dSkip;
    private Buf dCur;
    private Buf dz;
    private Buf dTanh;
    private Buf dSig;
    private Buf dx;
    private int steps;
    private int rows;

    WaveNetLayer(WaveNetSpec spec, BuildContext at) {
        this.spec = spec;
        this.unit = at.unit();
        this.encoder = at.encoder();
        this.nIn = at.inputWidth();
        this.c = spec.channels();
        String n = spec.name();
        this.inW = nIn == c ? null : at.layout().add(n + ".in.W", nIn, c);
        this.inB = nIn == c ? null : at.layout().add(n + ".in.b", 1, c);
        int blocks = spec.dilations().size();
        filter = new Conv1DLayer[blocks];
        gate = new Conv1DLayer[blocks];
        res = new Slot[2 * blocks];
        skip = new Slot[2 * blocks];
        for (int l = 0; l < blocks; l++) {
            int d = spec.dilations().get(l);
            filter[l] = new Conv1DLayer(conv(n + ".b" + l + ".f", d, Activation.TANH), n + ".b" + l + ".f", at.layout(),
                    unit, encoder, c);
            gate[l] = new Conv1DLayer(conv(n + ".b" + l + ".g", d, Activation.SIGMOID), n + ".b" + l + ".g", at.layout(),
                    unit, encoder, c);
            res[2 * l] = at.layout().add(n + ".b" + l + ".res.W", c, c);
            res[2 * l + 1] = at.layout().add(n + ".b" + l + ".res.b", 1, c);
            skip[2 * l] = at.layout().add(n + ".b" + l + ".skip.W", c, c);
            skip[2 * l + 1] = at.layout().add(n + ".b" + l + ".skip.b", 1, c);
        }
        xs = new Buf[blocks + 1];
        z = new Buf[blocks];
    }

    private Conv1DSpec conv(String name, int dilation, Activation act) {
        return new Conv1DSpec(name, c, spec.kernel(), 1, dilation, Conv1DSpec.Padding.CAUSAL, act);
    }

    @Override public String name() {
        return spec.name();
    }

    @Override public int width() {
        return c;
    }

    @Override public void bind(Kernels kernels, Buf p, Buf g) {
        this.k = kernels;
        this.params = p;
        this.grads = g;
        for (int l = 0; l < filter.length; l++) {
            filter[l].bind(kernels, p, g);
            gate[l].bind(kernels, p, g);
        }
    }

    @Override public void init(Buf p, SplittableRandom rng) {
        if (inW != null) {
            Initializer.xavier(p, inW, nIn, c, rng);
            Initializer.columns(p, inB, 0, c, 0);
        }
        for (int l = 0; l < filter.length; l++) {
            filter[l].init(p, rng);
            gate[l].init(p, rng);
            Initializer.xavier(p, res[2 * l], c, c, rng);
            Initializer.columns(p, res[2 * l + 1], 0, c, 0);
            Initializer.xavier(p, skip[2 * l], c, c, rng);
            Initializer.columns(p, skip[2 * l + 1], 0, c, 0);
        }
    }

    /** Parts (steps of carried input) before block l's filter convolution's; its gate's follow. */
    private int partsBefore(int l) {
        int parts = 0;
        for (int i = 0; i < l; i++) {
            parts += 2 * filter[i].stateSteps();
        }
        return parts;
    }

    @Override public LayerState newState(int batchRows) {
        int parts = partsBefore(filter.length);
        return parts == 0 ? null : new LayerState(k, batchRows, c, parts);
    }

    @Override public Seq forward(Seq in, Pass pass) {
        steps = in.steps();
        rows = in.rows();
        int n = steps * rows;
        x = in.values();
        LayerState state = pass.state(unit);
        Pass.Input i = pass.input(encoder);
        float[] resets = i.steps() == steps && i.rows() == rows ? i.keep() : null;
        if (inW != null) {
            xs[0] = Scratch.ensure(k, xs[0], n * c);
            dense(x, nIn, inW, inB, xs[0], 0);
        } else {
            xs[0] = x;
        }
        skipSum = Scratch.ensure(k, skipSum, n * c);
        for (int l = 0; l < filter.length; l++) {
            Seq cur = new Seq(xs[l], steps, rows);
            int fOff = partsBefore(l) * rows * c;
            int gOff = fOff + filter[l].stateSteps() * rows * c;
            Buf tf = filter[l].forward(cur, state == null ? null : state.buf(), fOff, resets).values();
            Buf sg = gate[l].forward(cur, state == null ? null : state.buf(), gOff, resets).values();
            z[l] = Scratch.ensure(k, z[l], n * c);
            k.copy(tf, 0, z[l], 0, n * c);
            k.mul(z[l], 0, sg, 0, n * c);
            xs[l + 1] = Scratch.ensure(k, xs[l + 1], n * c);
            dense(z[l], c, res[2 * l], res[2 * l + 1], xs[l + 1], 0);
            k.add(xs[l + 1], 0, xs[l], 0, xs[l + 1], 0, n * c);
            dense(z[l], c, skip[2 * l], skip[2 * l + 1], skipSum, l == 0 ? 0 : 1);
        }
        out = Scratch.ensure(k, out, n * c);
        k.activate(Activation.RELU, skipSum, 0, out, 0, n * c);
        return new Seq(out, steps, rows);
    }

    /** {@code y = beta * y + x W + b} over all positions. */
    private void dense(Buf in, int width, Slot w, Slot b, Buf y, double beta) {
        int n = steps * rows;
        k.gemm(false, false, n, c, width, 1, in, 0, params, w.offset(), beta, y, 0);
        k.addRowVector(y, 0, n, c, params, b.offset());
    }

    /** Gradients of {@code y = x W + b} for {@code dy}; {@code dx} gets {@code dy W^T} added ({@code beta} 1) or written. */
    private void denseBackward(Buf in, int width, Slot w, Slot b, Buf dy, Buf dIn, double beta) {
        int n = steps * rows;
        k.gemm(true, false, width, c, n, 1, in, 0, dy, 0, 1, grads, w.offset());
        k.addColumnSums(dy, 0, n, c, c, grads, b.offset());
        k.gemm(false, true, n, width, c, 1, dy, 0, params, w.offset(), beta, dIn, 0);
    }

    @Override public Buf backward(Buf dOut, Pass pass) {
        int n = steps * rows;
        LayerState g = pass.stateGradient(unit);
        dSkip = Scratch.ensure(k, dSkip, n * c);
        k.activateBackward(Activation.RELU, out, 0, dOut, 0, dSkip, 0, n * c);
        dCur = Scratch.ensure(k, dCur, n * c);
        k.fill(dCur, 0, n * c, 0);
        dz = Scratch.ensure(k, dz, n * c);
        dTanh = Scratch.ensure(k, dTanh, n * c);
        dSig = Scratch.ensure(k, dSig, n * c);
        for (int l = filter.length - 1; l >= 0; l--) {
            denseBackward(z[l], c, res[2 * l], res[2 * l + 1], dCur, dz, 0);
            denseBackward(z[l], c, skip[2 * l], skip[2 * l + 1], dSkip, dz, 1);
            Buf tf = gateInputs(filter[l]);
            Buf sg = gateInputs(gate[l]);
            k.copy(dz, 0, dTanh, 0, n * c);
            k.mul(dTanh, 0, sg, 0, n * c);
            k.copy(dz, 0, dSig, 0, n * c);
            k.mul(dSig, 0, tf, 0, n * c);
            int fOff = partsBefore(l) * rows * c;
            int gOff = fOff + filter[l].stateSteps() * rows * c;
            Buf dxf = filter[l].backward(dTanh, g == null ? null : g.buf(), fOff);
            k.add(dCur, 0, dxf, 0, dCur, 0, n * c);
            Buf dxg = gate[l].backward(dSig, g == null ? null : g.buf(), gOff);
            k.add(dCur, 0, dxg, 0, dCur, 0, n * c);
        }
        if (inW == null) {
            return dCur;
        }
        dx = Scratch.ensure(k, dx, n * nIn);
        denseBackward(x, nIn, inW, inB, dCur, dx, 0);
        return dx;
    }

    /** A convolution's last output (its activation's output), which the gate multiplies. */
    private static Buf gateInputs(Conv1DLayer conv) {
        return conv.output();
    }
}
