package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Dropout;
import dev.braid.worker.nn.Initializer;
import dev.braid.worker.nn.Scratch;
import dev.braid.worker.nn.Slot;
import dev.braid.worker.rnn.LayerState;
import dev.braid.worker.rnn.RecurrentLayer;
import java.util.SplittableRandom;

/**
 * A recurrent layer with dropout after it. Its state: carried from batch to batch in a decoder-side
 * stack (truncated BPTT, resets where the batch's {@code keep} is 0); a zero state per example in an
 * encoder; bridged from the encoder's summary, {@code h0 = tanh(W s + b)}, when the spec names a
 * bridge (whose gradient flows back into the memory's).
 */
final class RecurrentUnit implements Layer {
    private final RecurrentSpec spec;
    private final int unit;
    private final boolean encoder;
    private final RecurrentLayer rnn;
    private final Dropout dropout;
    private final Slot bridgeW;
    private final Slot bridgeB;
    private final int memoryWidth;
    private Kernels k;
    private Buf params;
    private Buf grads;
    private Buf h0;
    private Buf work;
    private Memory memory;
    private Buf mask;

    RecurrentUnit(RecurrentSpec spec, BuildContext at) {
        this.spec = spec;
        this.unit = at.unit();
        this.encoder = at.encoder();
        this.memoryWidth = at.memoryWidth();
        if (spec.bridge() != null) {
            bridgeW = at.layout().add(spec.bridge() + ".W", memoryWidth, spec.hidden());
            bridgeB = at.layout().add(spec.bridge() + ".b", 1, spec.hidden());
        } else {
            bridgeW = null;
            bridgeB = null;
        }
        this.rnn = spec.cell().create(spec.params(), at.layout(), at.inputWidth(), spec.hidden(), spec.peephole());
        rnn.computeInitialStateGradient(spec.bridge() != null);
        this.dropout = new Dropout(spec.dropout());
    }

    @Override public String name() {
        return spec.name();
    }

    @Override public int width() {
        return spec.hidden();
    }

    @Override public void bind(Kernels kernels, Buf p, Buf g) {
        this.k = kernels;
        this.params = p;
        this.grads = g;
        rnn.bind(kernels, p, g);
        dropout.bind(kernels);
    }

    @Override public void init(Buf p, SplittableRandom rng) {
        if (bridgeW != null) {
            Initializer.xavier(p, bridgeW, memoryWidth, spec.hidden(), rng);
            Initializer.columns(p, bridgeB, 0, spec.hidden(), 0);
        }
        rnn.init(p, rng);
    }

    @Override public LayerState newState(int rows) {
        return encoder || bridgeW != null ? null : rnn.newState(rows);
    }

    @Override public LayerState initialState(int[] memoryRow) {
        LayerState s = rnn.newState(memoryRow.length);
        if (bridgeW != null) {
            int h = spec.hidden();
            for (int r = 0; r < memoryRow.length; r++) {
                k.copy(h0, memoryRow[r] * h, s.buf(), s.offset(0) + r * h, h);
            }
        }
        return s;
    }

    @Override public void prepare(Memory m) {
        if (bridgeW == null) {
            return;
        }
        this.memory = m;
        int rows = m.rows();
        int h = spec.hidden();
        h0 = Scratch.ensure(k, h0, rows * h);
        k.gemm(false, false, rows, h, memoryWidth, 1, m.summary(), 0, params, bridgeW.offset(), 0, h0, 0);
        k.addRowVector(h0, 0, rows, h, params, bridgeB.offset());
        k.tanh(h0, 0, h0, 0, rows * h);
    }

    @Override public Seq forward(Seq in, Pass pass) {
        LayerState s = pass.state(unit);
        if (s == null) {
            s = rnn.newState(in.rows());
            if (bridgeW != null) {
                k.copy(h0, 0, s.buf(), s.offset(0), in.rows() * spec.hidden());
            }
        }
        Pass.Input i = pass.input(encoder);
        float[] keep = i.steps() == in.steps() && i.rows() == in.rows() ? i.keep() : null;
        mask = RecurrentMask.draw(k, mask, spec.recurrentDropout(), in.rows() * spec.hidden(), pass);
        rnn.recurrentMask(mask);
        Buf y = rnn.forward(in.values(), in.steps(), in.rows(), s, keep);
        y = dropout.forward(y, in.positions() * spec.hidden(), pass.training(), pass.rng());
        return new Seq(y, in.steps(), in.rows());
    }

    @Override public Buf backward(Buf dOut, Pass pass) {
        Buf dx = rnn.backward(dropout.backward(dOut), pass.stateGradient(unit));
        if (bridgeW != null) {
            bridgeBackward(pass.memoryGradient().summary());
        }
        return dx;
    }

    private void bridgeBackward(Buf dSummary) {
        int rows = memory.rows();
        int h = spec.hidden();
        work = Scratch.ensure(k, work, rows * h);
        k.tanhBackward(h0, 0, rnn.initialHGradient(), 0, work, 0, rows * h);
        k.gemm(true, false, memoryWidth, h, rows, 1, memory.summary(), 0, work, 0, 1, grads, bridgeW.offset());
        k.addColumnSums(work, 0, rows, h, h, grads, bridgeB.offset());
        k.gemm(false, true, rows, memoryWidth, h, 1, work, 0, params, bridgeW.offset(), 1, dSummary, 0);
    }
}
