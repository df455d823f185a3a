package dev.braid.driver.train;

import dev.braid.driver.data.StreamSharder;
import dev.braid.worker.data.StreamBatches;
import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import dev.braid.worker.train.StreamTrainingSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Runs averaging rounds over sharded streams until the epochs are done or the time limit passes.
 * Round r of an epoch trains batches {@code [rK, (r+1)K)} of every partition; a stateful run resets
 * the RNN states at each epoch start and otherwise hands each partition its own state from the last
 * round.
 */
public final class TrainingMaster {
    private final JavaSparkContext sc;
    private final StreamTrainingSpec spec;
    private final int averagingPeriod;

    public TrainingMaster(JavaSparkContext sc, StreamTrainingSpec spec, int averagingPeriod) {
        this.sc = sc;
        this.spec = spec;
        this.averagingPeriod = averagingPeriod;
    }

    /** Batches (segments) per partition in {@code epoch}. */
    public int batchesPerEpoch(StreamSharder.Sharded data, int epoch) {
        return StreamBatches.segments(data.streamLength(), spec.seqLength(), spec.randomOffset(), spec.seed(), epoch);
    }

    /**
     * Trains from {@code state} (updated in place) through epoch {@code epochs - 1}, or until
     * {@code timeLimit} has passed since {@code startNanos}; calls {@code onRound} after every round.
     */
    public void train(StreamSharder.Sharded data, TrainState state, int epochs, Duration timeLimit, long startNanos,
                      Consumer<RoundReport> onRound) {
        while (state.epoch < epochs && System.nanoTime() - startNanos < timeLimit.toNanos()) {
            onRound.accept(step(data, state, startNanos));
        }
    }

    /** Trains the next round from {@code state}'s cursor, moving to the next epoch after its last round. */
    public RoundReport step(StreamSharder.Sharded data, TrainState state, long startNanos) {
        int batches = batchesPerEpoch(data, state.epoch);
        if (state.nextBatch == 0) {
            state.resetRnnStates();
        }
        RoundReport report = round(data, state, batches, startNanos);
        if (state.nextBatch >= batches) {
            state.epoch++;
            state.nextBatch = 0;
        }
        return report;
    }

    private RoundReport round(StreamSharder.Sharded data, TrainState state, int batches, long startNanos) {
        long t0 = System.nanoTime();
        int from = state.nextBatch;
        int to = Math.min(batches, from + averagingPeriod);
        // the seed depends on the epoch only: a batch's dropout masks do not depend on where rounds cut
        RoundStart start = new RoundStart(state.params, state.optimizer, state.iteration, state.epoch, from, to,
                spec.seed() * 1_000_003L + state.epoch * 7919L);
        Broadcast<RoundStart> b = sc.broadcast(start);
        JavaRDD<float[]> states = sc.parallelize(new ArrayList<>(Arrays.asList(state.rnnStates)), data.workers());
        long t1 = System.nanoTime();
        JavaRDD<RoundResult> results = data.blocks().zipPartitions(states, new RoundFunction(spec, b));
        WeightedSum sum = RoundAggregator.sum(results, data.workers());
        long t2 = System.nanoTime();
        state.params = WeightedSum.divide(sum.params, sum.weight);
        state.optimizer = WeightedSum.divide(sum.optimizer, sum.weight);
        for (int w = 0; w < data.workers(); w++) {
            state.rnnStates[w] = sum.states.get(w);
        }
        b.destroy();
        state.nextBatch = to;
        state.iteration += to - from;
        state.rounds++;
        long t3 = System.nanoTime();
        double seconds = (t3 - t0) / 1e9;
        return new RoundReport(state.epoch, state.rounds, state.iteration, batches, to, sum.lossSum / sum.weight,
                sum.weight, sum.weight / seconds, seconds, (t3 - startNanos) / 1e9, (t1 - t0) / 1e9,
                sum.maxComputeNanos / 1e9, (t2 - t1) / 1e9 - sum.maxComputeNanos / 1e9);
    }

}
