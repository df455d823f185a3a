package dev.braid.driver.train;

import java.util.Arrays;

/**
 * The driver's training state between rounds: averaged parameters and optimizer state, every
 * partition's carried RNN state, and the cursor (epoch, next batch, global iteration, rounds done).
 */
public final class TrainState {
    float[] params;
    float[] optimizer;
    float[][] rnnStates;
    int epoch;
    int nextBatch;
    long iteration;
    long rounds;

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
}
