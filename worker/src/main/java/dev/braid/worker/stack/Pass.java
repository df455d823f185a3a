package dev.braid.worker.stack;

import dev.braid.worker.model.Batch;
import dev.braid.worker.rnn.LayerState;
import java.util.SplittableRandom;

/**
 * One forward pass of a model over a batch (and the backward that follows it): which side of the
 * batch each stack reads, whether it trains (dropout) and the stream its masks come from, the carried
 * state of each unit (null entries: the unit starts from a zero or bridged state), the gradients of
 * those states carried between time chunks (a pipeline's wavefront; null: none), and the memory with
 * the memory row each decoder row reads (identity in training; a hypothesis's source in beam search).
 */
public final class Pass {
    /** What one stack reads of the batch. */
    public record Input(int[] tokens, float[] features, int steps, int rows, int[] lengths, float[] keep) {
    }

    private final Input main;
    private final Input source;
    private final boolean training;
    private final SplittableRandom rng;
    private final LayerState[] states;
    private final LayerState[] stateGradients;
    private Memory memory;
    private int[] memoryRow;
    private MemoryGradient memoryGradient;

    public Pass(Input main, Input source, boolean training, SplittableRandom rng, LayerState[] states,
                LayerState[] stateGradients) {
        this.main = main;
        this.source = source;
        this.training = training;
        this.rng = rng;
        this.states = states;
        this.stateGradients = stateGradients;
    }

    /** A pass over {@code batch}'s main side and, when it has one, its source. */
    public static Pass of(Batch batch, boolean training, SplittableRandom rng, LayerState[] states,
                          LayerState[] stateGradients) {
        Input main = new Input(batch.inputs(), batch.features(), batch.steps(), batch.rows(), batch.lengths(), batch.keep());
        Input source = batch.source() == null ? null
                : new Input(batch.source(), null, batch.sourceSteps(), batch.rows(), batch.sourceLengths(), null);
        return new Pass(main, source, training, rng, states, stateGradients);
    }

    public Input input(boolean encoder) {
        return encoder ? source : main;
    }

    public boolean training() {
        return training;
    }

    public SplittableRandom rng() {
        return rng;
    }

    /** Unit u's carried state, or null. */
    public LayerState state(int u) {
        return states == null ? null : states[u];
    }

    /** Unit u's state gradient carried between time chunks, or null. */
    public LayerState stateGradient(int u) {
        return stateGradients == null ? null : stateGradients[u];
    }

    public Memory memory() {
        return memory;
    }

    public int[] memoryRow() {
        return memoryRow;
    }

    public MemoryGradient memoryGradient() {
        return memoryGradient;
    }

    /** Sets the memory decoder layers read, with each decoder row's memory row and the gradient to gather. */
    public void memory(Memory m, int[] rows, MemoryGradient gradient) {
        this.memory = m;
        this.memoryRow = rows;
        this.memoryGradient = gradient;
    }
}
