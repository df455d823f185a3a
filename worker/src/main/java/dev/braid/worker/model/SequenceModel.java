package dev.braid.worker.model;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.ParamLayout;
import java.util.SplittableRandom;

/**
 * What the training loop needs of a model. {@code B} is the model's batch type.
 *
 * <p>Gradients are those of the <em>mean</em> loss over the batch's weight, accumulated into
 * {@link #grads()} (the caller zeroes them). Models that carry recurrent state between batches keep it
 * themselves; stateless models treat the state methods as no-ops and export an empty state.
 */
public interface SequenceModel<B> {

    ModelSpec spec();

    Kernels kernels();

    ParamLayout layout();

    Buf params();

    Buf grads();

    /** Deterministic initialisation from {@code seed}. */
    void initParams(long seed);

    /** Forward and backward on one batch; dropout masks come from {@code rng}. */
    StepLoss forwardBackward(B batch, SplittableRandom rng);

    /** Forward only, without dropout; advances the carried state like training does. */
    StepLoss score(B batch);

    /** Zeroes the carried state for batches of {@code rows} rows. */
    void resetState(int rows);

    /** The carried state as a flat array (empty for stateless models). */
    float[] exportState();

    /** Restores a state from {@link #exportState()} for batches of {@code rows} rows. */
    void importState(float[] state, int rows);
}
