package dev.braid.driver.io;

import dev.braid.driver.UserError;
import java.time.LocalDateTime;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * The paths of one run directory:
 * <pre>
 *   RUN/config.conf        resolved configuration
 *   RUN/metrics.jsonl      one JSON object per averaging round
 *   RUN/report.json        the run's results: budget, losses, held-out scores
 *   RUN/epochs.json        every validated epoch's figures (runs that select by validation)
 *   RUN/report.html        the run report: plots (RUN/plots/*.png), the results, the config
 *   RUN/model/             the trained model (see {@link ModelStore})
 *   RUN/best/              the best model so far by validation (seq2seq model selection)
 *   RUN/split.tsv          a classifier's split of its corpus
 *   RUN/checkpoints/round-NNNNNNN/   periodic checkpoints (the last training.keepCheckpoints kept)
 * </pre>
 * A new run never lands on another run's files: a directory that holds a run is refused unless the
 * user says {@code --overwrite}, and a directory holding anything else is refused outright; a hidden
 * {@code RUN/.braid-run} claims the directory for one run ({@link RunDirectory}).
 */
public record RunLayout(Path root, Path replaced) {
    /** The entries a run writes into its directory: what {@code --overwrite} may replace. */
    static final Set<String> OWN = Set.of("config.conf", "metrics.jsonl", "report.json", "model", "best",
            "checkpoints", "split.tsv", "epochs.json", "report.html", "plots");

    /** A run directory that replaces no earlier run. */
    public RunLayout(Path root) {
        this(root, null);
    }

    /** The existing run directory {@code runDir}, which {@code --resume} continues. */
    public static RunLayout existing(Fs fs, String runDir) {
        if (runDir == null || !fs.exists(fs.qualify(runDir))) {
            throw new UserError("--resume needs --run-dir naming an existing run directory (got " + runDir + ").");
        }
        return new RunLayout(fs.qualify(runDir));
    }

    /** The existing run directory {@code runDir} to read (a report); one that does not exist is an error. */
    public static RunLayout existingRun(Fs fs, String runDir) {
        Path root = fs.qualify(runDir);
        if (!fs.isDirectory(root)) {
            throw new UserError(runDir + " is not a directory; name a run directory (a `braid train` run prints it as "
                    + "\"Run directory: ...\").");
        }
        return new RunLayout(root);
    }

    /**
     * A new run in {@code runDir} if given, else in {@code runs/<name>-<timestamp>} (numbered on when taken),
     * claimed for this run alone ({@link RunDirectory}). The directory must be new or empty; one that holds
     * an earlier run is refused unless {@code overwrite}, which moves that run's files (and nothing else)
     * aside until this run finishes ({@link #finished}) or fails ({@link #failed}).
     */
    public static RunLayout create(Fs fs, String runDir, String name, LocalDateTime now, boolean overwrite) {
        return RunDirectory.create(fs, runDir, "runs/" + name, now, overwrite);
    }

    /** The run finished: whatever it replaced is deleted. */
    public void finished(Fs fs) {
        RunDirectory.finished(fs, this);
    }

    /** The run failed: what it replaced comes back unless the run is resumable; {@code say} tells the user. */
    public void failed(Fs fs, java.util.function.Consumer<String> say) {
        RunDirectory.failed(fs, this, say);
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

    /** Every validated epoch's figures, rewritten as each epoch is scored. */
    public Path epochs() {
        return new Path(root, "epochs.json");
    }

    /** The run report's page; its plots lie in {@link #plots()}. */
    public Path reportPage() {
        return new Path(root, "report.html");
    }

    public Path plots() {
        return new Path(root, "plots");
    }

    /** Which part of a classifier's corpus each mail was (its seeded split), and the test mails' probabilities. */
    public Path split() {
        return new Path(root, "split.tsv");
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
