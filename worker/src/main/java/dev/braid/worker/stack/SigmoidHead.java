package dev.braid.worker.stack;

import dev.braid.worker.kernel.Activation;
import dev.braid.worker.kernel.Buf;
import dev.braid.worker.model.Batch;

/** Sigmoid cross-entropy per label, averaged over the labels; predictions are probabilities. */
final class SigmoidHead extends DenseHead {
    private final SigmoidSpec spec;

    SigmoidHead(SigmoidSpec spec, BuildContext at) {
        super(spec.name(), at, spec.labels());
        this.spec = spec;
    }

    @Override double loss(Buf y, int n, Batch batch, double scale, Buf dy) {
        return k.sigmoidCrossEntropy(y, 0, n, spec.labels(), batch.targetValues(), batch.weights(), scale, dy, 0);
    }

    @Override public Buf predict(Buf outputs, int n, Buf into) {
        k.activate(Activation.SIGMOID, outputs, 0, into, 0, n * spec.labels());
        return into;
    }
}
