package dev.braid.driver.io;

import dev.braid.driver.UserError;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * The paths of one run directory:
 * <pre>
 *   RUN/config.conf        resolved configuration
 *   RUN/metrics.jsonl      one JSON object per averaging round
 *   RUN/report.json        the run's results: budget, losses, held-out scores
 *   RUN/model/             the trained model (see {@link ModelStore})
 *   RUN/best/              the best model so far by validation (seq2seq model selection)
 *   RUN/checkpoints/round-NNNNNNN/   periodic checkpoints (the last training.keepCheckpoints kept)
 * </pre>
 * A new run never lands on another run's files: a directory that holds a run is refused unless the
 * user says {@code --overwrite}, and a directory holding anything else is refused outright.
 */
public record RunLayout(Path root) {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** The entries a run writes into its directory: what {@code --overwrite} may replace. */
    private static final Set<String> OWN = Set.of("config.conf", "metrics.jsonl", "report.json", "model", "best",
            "checkpoints");

    /** The existing run directory {@code runDir}, which {@code --resume} continues. */
    public static RunLayout existing(Fs fs, String runDir) {
        if (runDir == null || !fs.exists(fs.qualify(runDir))) {
            throw new dev.braid.driver.UserError("--resume needs --run-dir naming an existing run directory (got "
                    + runDir + ").");
        }
        return new RunLayout(fs.qualify(runDir));
    }

    /**
     * A new run in {@code runDir} if given, else in {@code runs/<name>-<timestamp>}. The directory must be
     * new or empty; one that holds an earlier run is refused unless {@code overwrite}, which removes that
     * run's files (and nothing else) first.
     */
    public static RunLayout create(Fs fs, String runDir, String name, LocalDateTime now, boolean overwrite) {
        String dir = runDir != null ? runDir : "runs/" + name + "-" + STAMP.format(now);
        Path root = fs.qualify(dir);
        if (fs.exists(root)) {
            if (!fs.isDirectory(root)) {
                throw new UserError("--run-dir " + dir + " is a file; a run directory is a directory. Give a new path.");
            }
            List<Path> entries = fs.list(root).stream().filter(p -> !p.getName().startsWith(".")).toList();
            List<String> foreign = entries.stream().map(Path::getName).filter(n -> !OWN.contains(n)).toList();
            if (!foreign.isEmpty()) {
                throw new UserError("--run-dir " + dir + " is a directory that holds other files than a run's ("
                        + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                        + (foreign.size() > 5 ? ", ..." : "") + "); Braid writes a run only into a new or empty "
                        + "directory. Give a new path.");
            }
            if (!entries.isEmpty() && !overwrite) {
                throw new UserError("--run-dir " + dir + " already holds a run (" + String.join(", ",
                        entries.stream().map(Path::getName).toList()) + "). Continue it with --resume, give a new "
                        + "directory, or replace that run with --overwrite.");
            }
            entries.forEach(fs::delete);
        }
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

    /** The best model so far by validation (seq2seq model selection). */
    public Path best() {
        return new Path(root, "best");
    }

    public Path checkpoints() {
        return new Path(root, "checkpoints");
    }

    public Path checkpoint(long round) {
        return new Path(checkpoints(), String.format("round-%07d", round));
    }
}
