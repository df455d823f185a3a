package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.model.Batch;

/** A regression loss per output, averaged over the outputs; predictions are the outputs. */
final class RegressionHead extends DenseHead {
    private final RegressionSpec spec;

    RegressionHead(RegressionSpec spec, BuildContext at) {
        super(spec.name(), at, spec.outputs());
        this.spec = spec;
    }

    @Override double loss(Buf y, int n, Batch batch, double scale, Buf dy) {
        return k.regressionLoss(spec.loss(), spec.delta(), y, 0, n, spec.outputs(), batch.targetValues(), batch.weights(),
                scale, dy, 0);
    }

    @Override public Buf predict(Buf outputs, int n, Buf into) {
        k.copy(outputs, 0, into, 0, n * spec.outputs());
        return into;
    }
}
