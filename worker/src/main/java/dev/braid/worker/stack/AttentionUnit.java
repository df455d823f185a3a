package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.seq2seq.Attention;
import dev.braid.worker.seq2seq.EncoderMemory;
import java.util.SplittableRandom;

/** Attention over the encoder's memory ({@link Attention}); its keys are computed once per memory. */
public final class AttentionUnit implements Layer {
    private final AttentionSpec spec;
    private final int unit;
    private final int width;
    private final Attention attention;
    private int[] identity = new int[0];

    AttentionUnit(AttentionSpec spec, BuildContext at) {
        this.spec = spec;
        this.unit = at.unit();
        this.width = at.inputWidth();
        this.attention = new Attention(spec.name(), at.layout(), spec.score(), at.memoryWidth(), width);
    }

    @Override public String name() {
        return spec.name();
    }

    @Override public int width() {
        return width;
    }

    /** Attention weights {@code [rows][steps][sourceSteps]} of the last forward (alignments). */
    public Buf weights() {
        return attention.weights();
    }

    @Override public void bind(Kernels kernels, Buf params, Buf grads) {
        attention.bind(kernels, params, grads);
    }

    @Override public void init(Buf params, SplittableRandom rng) {
        attention.init(params, rng);
    }

    @Override public void prepare(Memory m) {
        m.prepared(unit, attention.memory(m.enc(), m.steps(), m.rows(), m.lengths()));
    }

    @Override public Seq forward(Seq in, Pass pass) {
        int[] rows = pass.memoryRow() == null ? identity(in.rows()) : pass.memoryRow();
        EncoderMemory keyed = (EncoderMemory) pass.memory().prepared(unit);
        return new Seq(attention.forward(in.values(), in.steps(), in.rows(), keyed, rows), in.steps(), in.rows());
    }

    @Override public Buf backward(Buf dOut, Pass pass) {
        Buf dIn = attention.backward(dOut);
        pass.memoryGradient().add(attention.encoderGradient());
        return dIn;
    }

    private int[] identity(int n) {
        if (identity.length != n) {
            identity = new int[n];
            for (int i = 0; i < n; i++) {
                identity[i] = i;
            }
        }
        return identity;
    }
}
