package dev.braid.driver.config;

import java.time.Duration;

/**
 * Data-parallel training: {@code workers} partitions of {@code batchSize} rows each, truncated BPTT over
 * {@code seqLength} steps, parameters averaged every {@code averagingPeriod} minibatches, stopping after
 * {@code epochs} or {@code timeLimit}, whichever comes first; a checkpoint every {@code checkpointEvery}
 * rounds, the newest {@code keepCheckpoints} kept; a round whose loss exceeds {@code lossSpike} times the
 * recent mean (0: no spike test) or meets a non-finite value is rolled back with the learning rate
 * halved, at most {@code maxRollbacks} times. The learning-rate schedule spans {@code scheduleSpan}: the
 * epochs, or the time limit as measured rounds say it will go. The checkpoint a stopping process (SIGTERM,
 * Ctrl-C) writes may take up to {@code stopCheckpointTimeout} (Hadoop gives a shutdown hook 30 s otherwise).
 */
public record TrainingConfig(int workers, int batchSize, int seqLength, int averagingPeriod, int epochs,
                             Duration timeLimit, boolean stateful, int checkpointEvery, int keepCheckpoints,
                             double lossSpike, int maxRollbacks, ScheduleSpan scheduleSpan,
                             Duration stopCheckpointTimeout) {

    /** What a decaying learning-rate schedule spans: {@code training.epochs}, or {@code training.timeLimit}. */
    public enum ScheduleSpan { EPOCHS, TIME }

    public TrainingConfig {
        Check.atLeast("workers", workers, 1);
        Check.atLeast("batchSize", batchSize, 1);
        Check.atLeast("seqLength", seqLength, 1);
        Check.atLeast("averagingPeriod", averagingPeriod, 1);
        Check.atLeast("epochs", epochs, 1);
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new InvalidValue("timeLimit", timeLimit, "must be a positive duration such as 5m");
        }
        Check.atLeast("checkpointEvery", checkpointEvery, 1);
        Check.atLeast("keepCheckpoints", keepCheckpoints, 1);
        if (!(lossSpike == 0 || lossSpike > 1)) {
            throw new InvalidValue("lossSpike", lossSpike, "must be 0 (off) or above 1, e.g. 2 (a round's loss above twice "
                    + "the recent mean)");
        }
        Check.atLeast("maxRollbacks", maxRollbacks, 0);
        if (stopCheckpointTimeout.toSeconds() < 1) {
            throw new InvalidValue("stopCheckpointTimeout", stopCheckpointTimeout, "must be at least 1s, e.g. 5m; the "
                    + "orchestrator's grace period (Kubernetes terminationGracePeriodSeconds) should be longer");
        }
    }

    /**
     * These settings with {@code other}'s stopping rules and checkpoint retention, and with its dealing to
     * workers where that keeps the data the same: what a resumed run may change (a new dealing continues the run
     * on another number of workers, an elastic resume). Streams keep {@code workers x batchSize}; with
     * {@code anyWorkers} (batches dealt to workers) the workers may change freely.
     */
    public TrainingConfig withRunControlOf(TrainingConfig other, boolean anyWorkers) {
        boolean sameStreams = anyWorkers ? batchSize == other.batchSize
                : (long) workers * batchSize == (long) other.workers * other.batchSize;
        int w = sameStreams ? other.workers : workers;
        int b = sameStreams ? other.batchSize : batchSize;
        return new TrainingConfig(w, b, seqLength, averagingPeriod, other.epochs, other.timeLimit, stateful,
                checkpointEvery, other.keepCheckpoints, lossSpike, maxRollbacks, scheduleSpan, other.stopCheckpointTimeout);
    }
}
