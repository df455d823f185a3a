package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.Embedding;
import java.util.SplittableRandom;

/**
 * Looks up the rows of its stack's tokens (each row's real tokens reversed when the spec says so); a
 * frozen table gets no gradient.
 */
final class EmbeddingLayer implements Layer {
    private final EmbeddingSpec spec;
    private final Embedding table;
    private final boolean encoder;

    EmbeddingLayer(EmbeddingSpec spec, BuildContext at) {
        this.spec = spec;
        this.table = new Embedding(spec.name(), at.layout(), spec.vocabulary(), spec.dim());
        this.encoder = at.encoder();
    }

    @Override public String name() {
        return spec.name();
    }

    @Override public int width() {
        return spec.dim();
    }

    @Override public void bind(Kernels kernels, Buf params, Buf grads) {
        table.bind(kernels, params, grads);
    }

    @Override public void init(Buf params, SplittableRandom rng) {
        table.init(params, rng);
    }

    @Override public Seq forward(Seq in, Pass pass) {
        Pass.Input i = pass.input(encoder);
        int[] ids = spec.reverse() ? reversed(i.tokens(), i.lengths(), i.steps(), i.rows()) : i.tokens();
        return new Seq(table.forward(ids, i.steps() * i.rows()), i.steps(), i.rows());
    }

    @Override public Buf backward(Buf dOut, Pass pass) {
        if (!spec.frozen()) {
            table.backward(dOut);
        }
        return null;
    }

    private static int[] reversed(int[] ids, int[] lengths, int steps, int rows) {
        int[] out = ids.clone();
        for (int b = 0; b < rows; b++) {
            int len = lengths == null ? steps : lengths[b];
            for (int t = 0; t < len; t++) {
                out[t * rows + b] = ids[(len - 1 - t) * rows + b];
            }
        }
        return out;
    }
}
