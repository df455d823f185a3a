package dev.braid.driver.train;

import java.util.Arrays;

/**
 * The driver's training state between rounds: averaged parameters and optimizer state, every
 * partition's carried RNN state, the cursor (epoch, next batch, global iteration, rounds done) and the
 * training wall time so far, which a resumed run continues from its checkpoint.
 */
public final class TrainState {
    float[] params;
    float[] optimizer;
    float[][] rnnStates;
    int epoch;
    int nextBatch;
    long iteration;
    long rounds;
    /** Training seconds before this run started (a resumed run's earlier runs; 0 for a new one). */
    double priorSeconds;
    /** Training seconds at the end of the last round, over all runs of this training. */
    double elapsedSeconds;
    /** Factor on the scheduled learning rate: halved by each divergence rollback. */
    double rateScale = 1.0;
    /** Divergence rollbacks so far. */
    int rollbacks;
    /** The update the learning-rate schedule ends at, planned from a time budget; 0: the spec's (epochs). */
    long plannedUpdates;

    public TrainState(float[] params, float[] optimizer, int partitions) {
        this.params = params;
        this.optimizer = optimizer;
        this.rnnStates = new float[partitions][];
        resetRnnStates();
    }

    void resetRnnStates() {
        Arrays.fill(rnnStates, new float[0]);
    }

    /**
     * The state as it is now, to go back to: rounds replace the parameter, optimizer and RNN-state
     * arrays rather than write into them, so holding the references is enough.
     */
    public TrainState copy() {
        return dealtTo(rnnStates, nextBatch);
    }

    /** Goes back to {@code earlier} (a {@link #copy}); the clock keeps running and rollbacks keep counting. */
    void restore(TrainState earlier) {
        params = earlier.params;
        optimizer = earlier.optimizer;
        System.arraycopy(earlier.rnnStates, 0, rnnStates, 0, rnnStates.length);
        epoch = earlier.epoch;
        nextBatch = earlier.nextBatch;
        iteration = earlier.iteration;
        rounds = earlier.rounds;
    }

    public float[] params() {
        return params;
    }

    public float[] optimizer() {
        return optimizer;
    }

    /** This state with its carried RNN states dealt to {@code states.length} partitions (an elastic resume). */
    public TrainState dealtTo(float[][] states) {
        return dealtTo(states, nextBatch);
    }

    /** As above, the epoch's cursor moved to {@code batch} (a dealing with other per-worker batch lists). */
    public TrainState dealtTo(float[][] states, int batch) {
        TrainState c = new TrainState(params, optimizer, states.length);
        System.arraycopy(states, 0, c.rnnStates, 0, states.length);
        c.epoch = epoch;
        c.nextBatch = batch;
        c.iteration = iteration;
        c.rounds = rounds;
        c.priorSeconds = priorSeconds;
        c.elapsedSeconds = elapsedSeconds;
        c.rateScale = rateScale;
        c.rollbacks = rollbacks;
        c.plannedUpdates = plannedUpdates;
        return c;
    }

    /** The carried RNN state of every partition. */
    public float[][] rnnStates() {
        return rnnStates.clone();
    }

    /** The number of partitions (streams of carried RNN state). */
    public int partitions() {
        return rnnStates.length;
    }

    public float[] rnnState(int partition) {
        return rnnStates[partition];
    }

    public int epoch() {
        return epoch;
    }

    public int nextBatch() {
        return nextBatch;
    }

    public long iteration() {
        return iteration;
    }

    public long rounds() {
        return rounds;
    }

    public double priorSeconds() {
        return priorSeconds;
    }

    /** Training seconds at the end of the last round, over every sitting of this training. */
    public double elapsedSeconds() {
        return elapsedSeconds;
    }

    public double rateScale() {
        return rateScale;
    }

    public int rollbacks() {
        return rollbacks;
    }

    public long plannedUpdates() {
        return plannedUpdates;
    }
}
