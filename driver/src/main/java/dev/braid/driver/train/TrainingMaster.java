package dev.braid.driver.train;

import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Runs averaging rounds over a cached, partitioned dataset (one element {@code D} per partition) until
 * the epochs are done or the time limit passes. Round r of an epoch trains batches {@code [rK, (r+1)K)}
 * of every partition; RNN states reset at each epoch start and otherwise each partition gets its own
 * state from the last round (stateless tasks return empty states).
 */
public final class TrainingMaster<D> {
    private final JavaSparkContext sc;
    private final RoundTask<D> task;
    private final int averagingPeriod;

    public TrainingMaster(JavaSparkContext sc, RoundTask<D> task, int averagingPeriod) {
        this.sc = sc;
        this.task = task;
        this.averagingPeriod = averagingPeriod;
    }

    /**
     * Trains from {@code state} (updated in place) through epoch {@code epochs - 1}, or until
     * {@code timeLimit} has passed since {@code startNanos}; calls {@code onRound} after every round.
     */
    public void train(JavaRDD<D> data, TrainState state, int epochs, Duration timeLimit, long startNanos,
                      Consumer<RoundReport> onRound) {
        train(data, state, epochs, timeLimit, startNanos, onRound, s -> true);
    }

    /** As above; after every completed epoch {@code afterEpoch} decides whether to go on (early stopping). */
    public void train(JavaRDD<D> data, TrainState state, int epochs, Duration timeLimit, long startNanos,
                      Consumer<RoundReport> onRound, Predicate<TrainState> afterEpoch) {
        while (state.epoch < epochs && System.nanoTime() - startNanos < timeLimit.toNanos()) {
            int epoch = state.epoch;
            onRound.accept(step(data, state, startNanos));
            if (state.epoch > epoch && !afterEpoch.test(state)) {
                return;
            }
        }
    }

    /** Trains the next round from {@code state}'s cursor, moving to the next epoch after its last round. */
    public RoundReport step(JavaRDD<D> data, TrainState state, long startNanos) {
        int batches = task.batchesPerEpoch(state.epoch);
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

    private RoundReport round(JavaRDD<D> data, TrainState state, int batches, long startNanos) {
        int workers = data.getNumPartitions();
        long t0 = System.nanoTime();
        int from = state.nextBatch;
        int to = Math.min(batches, from + averagingPeriod);
        // the seed depends on the epoch only: a batch's dropout masks do not depend on where rounds cut
        RoundStart start = new RoundStart(state.params, state.optimizer, state.iteration, state.epoch, from, to,
                task.seed() * 1_000_003L + state.epoch * 7919L);
        Broadcast<RoundStart> b = sc.broadcast(start);
        JavaRDD<float[]> states = sc.parallelize(new ArrayList<>(Arrays.asList(state.rnnStates)), workers);
        long t1 = System.nanoTime();
        JavaRDD<RoundResult> results = data.zipPartitions(states, new RoundFunction<>(task, b));
        WeightedSum sum = RoundAggregator.sum(results, workers);
        long t2 = System.nanoTime();
        state.params = WeightedSum.divide(sum.params, sum.weight);
        state.optimizer = WeightedSum.divide(sum.optimizer, sum.weight);
        for (int w = 0; w < workers; w++) {
            state.rnnStates[w] = sum.states.get(w);
        }
        b.destroy();
        state.nextBatch = to;
        state.iteration += to - from;
        state.rounds++;
        long t3 = System.nanoTime();
        double seconds = (t3 - t0) / 1e9;
        state.elapsedSeconds = state.priorSeconds + (t3 - startNanos) / 1e9;
        return new RoundReport(state.epoch, state.rounds, state.iteration, batches, to, sum.lossSum / sum.weight,
                sum.weight, sum.weight / seconds, seconds, state.elapsedSeconds, (t1 - t0) / 1e9,
                sum.maxComputeNanos / 1e9, (t2 - t1) / 1e9 - sum.maxComputeNanos / 1e9);
    }

}
