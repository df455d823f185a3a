package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.model.Batch;
import dev.braid.worker.nn.Embedding;
import dev.braid.worker.nn.SoftmaxOutput;
import java.util.SplittableRandom;

/**
 * Softmax cross-entropy over {@code classes} (label-smoothed), the projection fused with the loss; in
 * training over the spec's shortlist and the batch's targets when it has one; tied to an embedding's
 * table when the spec says so.
 */
final class SoftmaxHead implements Head {
    private final SoftmaxSpec spec;
    private final SoftmaxOutput output;
    private Kernels k;

    SoftmaxHead(SoftmaxSpec spec, BuildContext at) {
        this.spec = spec;
        this.output = new SoftmaxOutput(spec.name(), at.layout(), at.inputWidth(), spec.classes(),
                spec.tied() ? at.layout().slot(Embedding.tableName(spec.tie())) : null);
    }

    @Override public String name() {
        return spec.name();
    }

    @Override public int classes() {
        return spec.classes();
    }

    @Override public void bind(Kernels kernels, Buf params, Buf grads) {
        this.k = kernels;
        output.bind(kernels, params, grads);
    }

    @Override public void init(Buf params, SplittableRandom rng) {
        output.init(params, rng);
    }

    @Override public Buf outputs(Buf x, int n) {
        return output.logits(x, n);
    }

    @Override public Buf trainingOutputs(Buf x, int n, Batch batch) {
        if (spec.shortlist() == 0) {
            return outputs(x, n);
        }
        output.shortlistLogits(x, n, batch.targets(), spec.shortlist());
        return null;
    }

    @Override public double loss(Batch batch, double scale) {
        return output.loss(batch.targets(), batch.weights(), spec.labelSmoothing(), scale);
    }

    @Override public Buf predict(Buf outputs, int n, Buf into) {
        k.softmax(outputs, 0, n, spec.classes(), 1.0, into, 0);
        return into;
    }

    @Override public Buf backward() {
        return output.backward();
    }
}
