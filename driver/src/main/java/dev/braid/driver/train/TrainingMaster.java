package dev.braid.driver.train;

import dev.braid.driver.UserError;
import dev.braid.driver.spark.ExecutorLosses;
import dev.braid.worker.random.Seeds;
import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Runs averaging rounds over a cached, partitioned dataset (one element {@code D} per partition) until
 * the epochs are done or the time limit passes. Round r of an epoch trains batches {@code [rK, (r+1)K)}
 * of every partition; RNN states reset at each epoch start and otherwise each partition gets its own
 * state from the last round (stateless tasks return empty states).
 *
 * <p>A round that diverges ({@link DivergenceGuard}) is rolled back: the state returns to where the
 * round started, the learning rate is halved, and the round is trained again; after
 * {@code maxRollbacks} rollbacks the run stops with an error.
 */
public final class TrainingMaster<D> {
    private final JavaSparkContext sc;
    private final RoundTask<D> task;
    private final int averagingPeriod;
    private final double spikeFactor;
    private final int maxRollbacks;
    private String run = "run";
    /** Counts executors lost while {@link #train} runs (null outside it). */
    private ExecutorLosses losses;
    /** Plans the schedule's end from a time budget; null: the schedule spans the epochs. */
    private final TimeBudget budget;

    /** What the run does as rounds finish; every method runs on the driver between rounds. */
    public interface Listener {
        /** A round that counts; {@code state} is where it ended. */
        void round(RoundReport report, TrainState state);

        /** A round that diverged and was undone; {@code state} is back where it started. */
        default void rolledBack(RoundReport report, TrainState state) {
        }

        /** After every completed epoch: whether to go on (early stopping). */
        default boolean epochEnd(TrainState state) {
            return true;
        }
    }

    public TrainingMaster(JavaSparkContext sc, RoundTask<D> task, int averagingPeriod) {
        this(sc, task, averagingPeriod, 0, 0);
    }

    /** With loss-spike detection at {@code spikeFactor} (0: off) and at most {@code maxRollbacks} rollbacks. */
    public TrainingMaster(JavaSparkContext sc, RoundTask<D> task, int averagingPeriod, double spikeFactor, int maxRollbacks) {
        this(sc, task, averagingPeriod, spikeFactor, maxRollbacks, null);
    }

    /** As above, the learning-rate schedule spanning {@code budget} (null: the epochs). */
    public TrainingMaster(JavaSparkContext sc, RoundTask<D> task, int averagingPeriod, double spikeFactor, int maxRollbacks,
                          TimeBudget budget) {
        this.budget = budget;
        this.sc = sc;
        this.task = task;
        this.averagingPeriod = averagingPeriod;
        this.spikeFactor = spikeFactor;
        this.maxRollbacks = maxRollbacks;
    }

    /** Names each round's Spark job after run {@code run} (the Spark UI, the event log); by default "braid". */
    public TrainingMaster<D> naming(String run) {
        this.run = run;
        return this;
    }

    /**
     * Trains from {@code state} (updated in place) through epoch {@code epochs - 1}, or until
     * {@code timeLimit} has passed since {@code startNanos}; calls {@code onRound} after every round.
     */
    public void train(JavaRDD<D> data, TrainState state, int epochs, Duration timeLimit, long startNanos,
                      java.util.function.Consumer<RoundReport> onRound) {
        train(data, state, epochs, timeLimit, startNanos, List.of(), (r, s) -> onRound.accept(r));
    }

    /**
     * As above, telling {@code listener} of every round; {@code earlier} are the rounds a resumed run
     * trained before (they seed the loss-spike window).
     */
    public void train(JavaRDD<D> data, TrainState state, int epochs, Duration timeLimit, long startNanos,
                      List<RoundReport> earlier, Listener listener) {
        DivergenceGuard guard = new DivergenceGuard(spikeFactor, earlier);
        try (ExecutorLosses losses = ExecutorLosses.watch(sc.sc())) {
            this.losses = losses;
            loop(data, state, epochs, timeLimit, startNanos, guard, listener);
        } finally {
            this.losses = null;
        }
    }

    private void loop(JavaRDD<D> data, TrainState state, int epochs, Duration timeLimit, long startNanos,
                      DivergenceGuard guard, Listener listener) {
        while (state.epoch < epochs && System.nanoTime() - startNanos < timeLimit.toNanos()) {
            TrainState before = state.copy();
            Round round = round(data, state, startNanos);
            Optional<String> diverged = guard.check(round.report(), round.nonFinite(), state.params);
            if (diverged.isPresent()) {
                rollBack(state, before, round.report().rolledBack(diverged.get()), listener);
                continue;
            }
            guard.accept(round.report().loss());
            if (budget != null) {
                budget.update(state, task::batchesPerEpoch, startNanos, System.nanoTime());
            }
            listener.round(round.report(), state);
            if (state.epoch > before.epoch && !listener.epochEnd(state)) {
                return;
            }
        }
    }

    private void rollBack(TrainState state, TrainState before, RoundReport report, Listener listener) {
        state.restore(before);
        state.rollbacks++;
        if (state.rollbacks > maxRollbacks) {
            throw new Diverged(String.format(Locale.ROOT, "Training diverged at round %d (%s) after %d rollback(s), each "
                    + "halving the learning rate (now %s of optimizer.learningRate); training.maxRollbacks=%d. Lower "
                    + "optimizer.learningRate or clip harder (optimizer.clipNorm), then resume from the last checkpoint "
                    + "with --resume.", report.round(), report.rolledBack(), maxRollbacks, state.rateScale, maxRollbacks));
        }
        state.rateScale /= 2;
        listener.rolledBack(report, state);
    }

    /** Trains the next round from {@code state}'s cursor, moving to the next epoch after its last round. */
    public RoundReport step(JavaRDD<D> data, TrainState state, long startNanos) {
        return round(data, state, startNanos).report();
    }

    /** Training diverged more often than {@code training.maxRollbacks}; the state is the last good one. */
    public static final class Diverged extends UserError {
        Diverged(String message) {
            super(message);
        }
    }

    /** A round's report and the partitions that met non-finite values. */
    private record Round(RoundReport report, List<String> nonFinite) {
    }

    private Round round(JavaRDD<D> data, TrainState state, long startNanos) {
        int batches = task.batchesPerEpoch(state.epoch);
        if (state.nextBatch == 0) {
            state.resetRnnStates();
        }
        int workers = data.getNumPartitions();
        long t0 = System.nanoTime();
        int from = state.nextBatch;
        int to = Math.min(batches, from + averagingPeriod);
        // the seed depends on the epoch only: a batch's dropout masks do not depend on where rounds cut
        RoundStart start = new RoundStart(state.params, state.optimizer, state.iteration, state.epoch, from, to,
                Seeds.dropoutEpoch(task.seed(), state.epoch), state.rateScale, state.plannedUpdates);
        dev.braid.driver.spark.JobNames.phase(sc, run, "round-" + (state.rounds + 1), String.format(Locale.ROOT,
                "epoch %d, round %d (batches %d-%d of %d)", state.epoch + 1, state.rounds + 1, from + 1, to, batches));
        // a local master's tasks share this JVM: the start and the results' arrays go by reference
        boolean inProcess = sc.isLocal();
        long id = inProcess ? InProcessRounds.open(start) : -1;
        Broadcast<RoundStart> b = inProcess ? null : sc.broadcast(start);
        JavaRDD<float[]> states = sc.parallelize(new ArrayList<>(Arrays.asList(state.rnnStates)), workers);
        long t1 = System.nanoTime();
        WeightedSum sum;
        try {
            sum = inProcess
                    ? RoundAggregator.sum(data.zipPartitions(states, new RoundFunction<>(task, id)), workers,
                            r -> InProcessRounds.take(id, r))
                    : RoundAggregator.sum(data.zipPartitions(states, new RoundFunction<>(task, b)), workers);
        } finally {
            if (inProcess) {
                InProcessRounds.close(id);
            }
        }
        long t2 = System.nanoTime();
        state.params = WeightedSum.divide(sum.params, sum.weight);
        state.optimizer = WeightedSum.divide(sum.optimizer, sum.weight);
        for (int w = 0; w < workers; w++) {
            state.rnnStates[w] = sum.states.get(w);
        }
        if (b != null) {
            b.destroy();
        }
        state.nextBatch = to;
        state.iteration += to - from;
        state.rounds++;
        long t3 = System.nanoTime();
        double seconds = (t3 - t0) / 1e9;
        state.elapsedSeconds = state.priorSeconds + (t3 - startNanos) / 1e9;
        RoundReport report = new RoundReport(state.epoch, state.rounds, state.iteration, batches, to,
                sum.lossSum / sum.weight, sum.weight, sum.weight / seconds, seconds, state.elapsedSeconds, (t1 - t0) / 1e9,
                sum.maxComputeNanos / 1e9, (t2 - t1) / 1e9 - sum.maxComputeNanos / 1e9, state.rateScale, null,
                task.spec().optimizer().rate(state.iteration - 1, state.plannedUpdates) * state.rateScale,
                sum.batches == 0 ? 0 : sum.gradNormSum / sum.batches, losses == null ? 0 : losses.sinceLast());
        if (state.nextBatch >= batches) {
            state.epoch++;
            state.nextBatch = 0;
        }
        return new Round(report, sum.nonFinite);
    }
}
