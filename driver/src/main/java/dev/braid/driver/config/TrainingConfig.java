package dev.braid.driver.config;

import java.time.Duration;

/**
 * Data-parallel training: {@code workers} partitions of {@code batchSize} rows each, truncated BPTT over
 * {@code seqLength} steps, parameters averaged every {@code averagingPeriod} minibatches, stopping after
 * {@code epochs} or {@code timeLimit}, whichever comes first; a checkpoint every {@code checkpointEvery}
 * rounds.
 */
public record TrainingConfig(int workers, int batchSize, int seqLength, int averagingPeriod, int epochs,
                             Duration timeLimit, boolean stateful, int checkpointEvery) {
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
    }

    /** The same settings with other stopping rules (what a resumed run may change). */
    public TrainingConfig withStop(int newEpochs, Duration newTimeLimit) {
        return new TrainingConfig(workers, batchSize, seqLength, averagingPeriod, newEpochs, newTimeLimit, stateful,
                checkpointEvery);
    }
}
