package dev.braid.driver.config;

import java.time.Duration;

/**
 * Scheduled retraining: a new version is promoted when its held-out bits per character are at most
 * {@code (1 + tolerance)} times the current version's; symbols the current vocabulary lacks map to
 * {@code <unk>} or grow the vocabulary (fresh embedding and output rows); a registry lock whose holder
 * stopped heart-beating for {@code lockTimeout} (or whose process is gone, on the same host) is stale.
 */
public record RetrainConfig(double tolerance, UnseenSymbols unseenSymbols, Duration lockTimeout) {

    /** What happens to symbols new data brings that the current vocabulary lacks. */
    public enum UnseenSymbols { UNK, GROW }

    public RetrainConfig {
        Check.nonNegative("tolerance", tolerance);
        if (lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new InvalidValue("lockTimeout", lockTimeout, "must be a positive duration such as 1h");
        }
    }
}
