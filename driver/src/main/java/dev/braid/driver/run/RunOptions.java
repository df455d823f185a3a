package dev.braid.driver.run;

import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.RunLayout;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * How a training run starts, as the user asked for it: its directory ({@code null}: a new timestamped
 * one), whether it continues that directory's checkpoint ({@code --resume}), may replace an earlier run
 * there ({@code --overwrite}), or starts from a saved model ({@code --init-from}).
 */
public record RunOptions(String runDir, boolean resume, boolean overwrite, Optional<String> initFrom) {
    public RunOptions {
        if (resume && initFrom.isPresent()) {
            throw new UserError("--resume and --init-from exclude each other: --resume continues a run's own checkpoint, "
                    + "--init-from starts a new run from a model. Give one.");
        }
        if (resume && overwrite) {
            throw new UserError("--resume and --overwrite exclude each other: --resume continues the run in --run-dir, "
                    + "--overwrite replaces it with a new one. Give one.");
        }
    }

    /**
     * The run directory: the existing one to resume, or a new one (checked to hold no other run unless
     * {@code --overwrite}). Called before Spark starts, so a bad directory costs nothing.
     */
    public RunLayout layout(Fs fs, String name) {
        return resume ? RunLayout.existing(fs, runDir) : RunLayout.create(fs, runDir, name, LocalDateTime.now(), overwrite);
    }

    /** A new run in {@code runDir}, which must be new or empty. */
    public static RunOptions fresh(String runDir) {
        return new RunOptions(runDir, false, false, Optional.empty());
    }

    /** {@link #fresh} or, with {@code resume}, the continuation of the run in {@code runDir}. */
    public static RunOptions of(String runDir, boolean resume) {
        return new RunOptions(runDir, resume, false, Optional.empty());
    }
}
