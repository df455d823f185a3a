package dev.braid.worker.stack;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.model.Batch;
import java.util.SplittableRandom;

/**
 * The last unit: the last layer's outputs become outputs ({@link #outputs}) and, against the batch's
 * targets, a loss whose gradient {@link #backward} returns.
 */
public interface Head {

    String name();

    void bind(Kernels kernels, Buf params, Buf grads);

    void init(Buf params, SplittableRandom rng);

    /** The raw outputs (logits) {@code [n, classes]} of {@code x [n, width]}; kept for the loss. */
    Buf outputs(Buf x, int n);

    /**
     * What {@link #outputs} computes, for a training step on {@code batch}; a head that trains on part of
     * its classes computes only those for the loss and returns null (no outputs to predict from).
     */
    default Buf trainingOutputs(Buf x, int n, Batch batch) {
        return outputs(x, n);
    }

    /** Output columns per position. */
    int classes();

    /**
     * The weighted loss sum of the last {@link #outputs} against {@code batch}'s targets; the gradient of
     * {@code scale} times it is kept for {@link #backward}.
     */
    double loss(Batch batch, double scale);

    /**
     * What the outputs {@code [n, classes]} predict, written into {@code into}: a softmax's
     * distributions, a sigmoid's probabilities, a regression's numbers.
     */
    Buf predict(Buf outputs, int n, Buf into);

    /** Accumulates parameter gradients and returns the gradient of the head's input. */
    Buf backward();
}
