package dev.braid.worker.nn;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import java.util.SplittableRandom;

/** Token embedding: a {@code [V, E]} table whose rows are gathered forward and scatter-added backward. */
public final class Embedding {
    private final Slot table;
    private final int dim;
    private Kernels k;
    private Buf params;
    private Buf grads;
    private Buf out;
    private int[] tokens;
    private int count;

    public Embedding(String name, ParamLayout layout, int vocabulary, int dim) {
        this.table = layout.add(tableName(name), vocabulary, dim);
        this.dim = dim;
    }

    /** The parameter name of embedding {@code name}'s table. */
    public static String tableName(String name) {
        return name + ".E";
    }

    public void bind(Kernels kernels, Buf p, Buf g) {
        this.k = kernels;
        this.params = p;
        this.grads = g;
    }

    public void init(Buf p, SplittableRandom rng) {
        Initializer.uniform(p, table, Math.sqrt(3.0 / dim), rng);
    }

    public int dim() {
        return dim;
    }

    /** Rows for {@code ids[0..n)}; the ids array is kept for the backward pass. */
    public Buf forward(int[] ids, int n) {
        this.tokens = ids;
        this.count = n;
        out = Scratch.ensure(k, out, n * dim);
        k.gatherRows(params, table.offset(), dim, ids, n, out, 0);
        return out;
    }

    public void backward(Buf dOut) {
        k.scatterAddRows(dOut, 0, dim, tokens, count, grads, table.offset());
    }
}
