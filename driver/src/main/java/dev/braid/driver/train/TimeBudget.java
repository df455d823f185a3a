package dev.braid.driver.train;

import java.time.Duration;
import java.util.Locale;

/**
 * A learning-rate schedule that spans a time budget ({@code training.scheduleSpan = time}): after every
 * round the update the schedule ends at is planned again as the updates done plus the updates the rest
 * of {@code training.timeLimit} holds at the rate measured so far (wall time, so epoch-end validation
 * counts; from the end of this sitting's first round, which also pays for caching the data), and never
 * past the end of {@code training.epochs}. A cosine schedule then reaches its floor as the budget runs
 * out on whatever machine the run is on, where a fixed epoch count would overrun a slow machine or
 * stop early on a fast one. Runs on a time budget are not bit-reproducible: their schedule depends on
 * measured time.
 */
public final class TimeBudget {
    /** Rounds measured before the first plan (the first of a sitting is not one: it caches the data). */
    private static final int MEASURED_ROUNDS = 2;
    private final Duration limit;
    private final int epochs;
    private final int warmupSteps;
    private long fromNanos = -1;
    private long fromIteration;
    private int measured;
    private double updatesPerSecond;

    public TimeBudget(Duration limit, int epochs, int warmupSteps) {
        this.limit = limit;
        this.epochs = epochs;
        this.warmupSteps = warmupSteps;
    }

    /**
     * Plans {@code state.plannedUpdates} after a round that ended at {@code nowNanos}, the sitting having
     * started at {@code startNanos}; {@code batchesPerEpoch} gives each epoch's updates.
     */
    public void update(TrainState state, java.util.function.IntUnaryOperator batchesPerEpoch, long startNanos,
                       long nowNanos) {
        if (fromNanos < 0) {
            fromNanos = nowNanos;
            fromIteration = state.iteration;
            return;
        }
        if (++measured < MEASURED_ROUNDS) {
            return;
        }
        updatesPerSecond = (state.iteration - fromIteration) / ((nowNanos - fromNanos) / 1e9);
        double left = Math.max(0, (limit.toNanos() - (nowNanos - startNanos)) / 1e9);
        long planned = state.iteration + (long) (updatesPerSecond * left);
        long toLastEpoch = state.iteration;
        for (int e = state.epoch; e < epochs; e++) {
            toLastEpoch += batchesPerEpoch.applyAsInt(e) - (e == state.epoch ? state.nextBatch : 0);
        }
        state.plannedUpdates = Math.max(warmupSteps + 1L, Math.min(planned, toLastEpoch));
    }

    /** One line on the plan, for the log; empty before the first plan. */
    public String describe(TrainState state) {
        if (updatesPerSecond == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "schedule: the learning rate's schedule ends at update %,d (now %,d; %.2f updates/s "
                + "measured, training.timeLimit %s)", state.plannedUpdates, state.iteration, updatesPerSecond, limit);
    }
}
