package dev.braid.driver.io;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.hadoop.fs.Path;

/**
 * The paths of one run directory:
 * <pre>
 *   RUN/config.conf        resolved configuration
 *   RUN/metrics.jsonl      one JSON object per averaging round
 *   RUN/report.json        the run's results: budget, losses, held-out scores
 *   RUN/model/             the trained model (see {@link ModelStore})
 *   RUN/checkpoints/round-NNNNNNN/   periodic checkpoints (the last two kept)
 * </pre>
 */
public record RunLayout(Path root) {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** The existing run directory {@code runDir}, which {@code --resume} continues. */
    public static RunLayout existing(Fs fs, String runDir) {
        if (runDir == null || !fs.exists(fs.qualify(runDir))) {
            throw new dev.braid.driver.UserError("--resume needs --run-dir naming an existing run directory (got "
                    + runDir + ").");
        }
        return new RunLayout(fs.qualify(runDir));
    }

    /** {@code runDir} if given, else {@code runs/<name>-<timestamp>}. */
    public static RunLayout create(Fs fs, String runDir, String name, LocalDateTime now) {
        String dir = runDir != null ? runDir : "runs/" + name + "-" + STAMP.format(now);
        Path root = fs.qualify(dir);
        fs.mkdirs(root);
        return new RunLayout(root);
    }

    public Path config() {
        return new Path(root, "config.conf");
    }

    public Path metrics() {
        return new Path(root, "metrics.jsonl");
    }

    public Path report() {
        return new Path(root, "report.json");
    }

    public Path model() {
        return new Path(root, "model");
    }

    public Path checkpoints() {
        return new Path(root, "checkpoints");
    }

    public Path checkpoint(long round) {
        return new Path(checkpoints(), String.format("round-%07d", round));
    }
}
