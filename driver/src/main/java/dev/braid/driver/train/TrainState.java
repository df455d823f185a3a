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

    public TrainState(float[] params, float[] optimizer, int partitions) {
        this.params = params;
        this.optimizer = optimizer;
        this.rnnStates = new float[partitions][];
        resetRnnStates();
    }

    void resetRnnStates() {
        Arrays.fill(rnnStates, new float[0]);
    }

    public float[] params() {
        return params;
    }

    public float[] optimizer() {
        return optimizer;
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
}
