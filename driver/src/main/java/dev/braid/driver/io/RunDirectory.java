package dev.braid.driver.io;

import dev.braid.driver.UserError;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;

/**
 * Gives a new run a directory of its own, and lets it replace an earlier run without losing that run early.
 * <p>Claim: an exclusive create of {@code RUN/.braid-run} ({@link Fs#createNew}, atomic on every file
 * system). Of runs started at the same moment into one directory exactly one gets it; the others are
 * refused (an explicit {@code --run-dir}) or take the next free name (the default
 * {@code runs/NAME-TIME}, then {@code -2}, {@code -3}, ...), so a sweep started in one second keeps every run.
 * The claim stays with the run: a later new run there needs {@code --overwrite}.
 * <p>Replace ({@code --overwrite}): the earlier run's files move into a hidden {@code RUN/.replaced-TIME-ID}
 * instead of being deleted. They are deleted when the new run finishes, and moved back if it fails before it
 * has a checkpoint; after one, the new run is resumable and the earlier one stays hidden until it finishes.
 */
final class RunDirectory {
    static final String CLAIM = ".braid-run";
    private static final String REPLACED = ".replaced-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final int NAMES = 1000;

    private RunDirectory() {
    }

    /** A run in {@code runDir}, or when null in {@code defaultBase}-TIME (numbered on when taken). */
    static RunLayout create(Fs fs, String runDir, String defaultBase, LocalDateTime now, boolean overwrite) {
        if (runDir != null) {
            return claim(fs, runDir, now, overwrite, true).orElseThrow(() -> new UserError("--run-dir " + runDir
                    + " was claimed by another run starting at the same moment (its " + CLAIM + " appeared while this "
                    + "one was starting). Give each run its own --run-dir, or wait for that run and use --overwrite."));
        }
        String base = defaultBase + "-" + STAMP.format(now);
        for (int i = 1; i <= NAMES; i++) {
            Optional<RunLayout> got = claim(fs, i == 1 ? base : base + "-" + i, now, false, false);
            if (got.isPresent()) {
                return got.get();
            }
        }
        throw new UserError(base + " and " + (NAMES - 1) + " numbered variants are all taken by other runs. Give "
                + "--run-dir a new path.");
    }

    /** The run in {@code root}, or empty when a default name is taken (strict: refused instead, naming why). */
    private static Optional<RunLayout> claim(Fs fs, String dir, LocalDateTime now, boolean overwrite, boolean strict) {
        Path root = fs.qualify(dir);
        if (fs.exists(root)) {
            if (!fs.isDirectory(root)) {
                return refuse(strict, "--run-dir " + dir + " is a file; a run directory is a directory. Give a new path.");
            }
            List<Path> entries = fs.list(root).stream().filter(p -> !p.getName().startsWith(".")).toList();
            List<String> foreign = entries.stream().map(Path::getName).filter(n -> !RunLayout.OWN.contains(n)).toList();
            if (!foreign.isEmpty()) {
                return refuse(strict, "--run-dir " + dir + " is a directory that holds other files than a run's ("
                        + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                        + (foreign.size() > 5 ? ", ..." : "") + "); Braid writes a run only into a new or empty "
                        + "directory. Give a new path.");
            }
            boolean claimed = fs.exists(new Path(root, CLAIM));
            if ((claimed || !entries.isEmpty()) && !overwrite) {
                return refuse(strict, "--run-dir " + dir + (entries.isEmpty()
                        ? " belongs to another run (started " + fs.readText(new Path(root, CLAIM)).trim() + ", nothing "
                        + "written yet): it may be starting now. Give a new directory, or, if that run is gone, "
                        + "--overwrite."
                        : " already holds a run (" + String.join(", ", entries.stream().map(Path::getName).toList())
                        + "). Continue it with --resume, give a new directory, or replace that run with --overwrite."));
            }
            if (claimed || !entries.isEmpty()) {
                return Optional.of(replace(fs, root, dir, entries, now));
            }
        }
        fs.mkdirs(root);
        // another run created the claim first
        return fs.createNew(new Path(root, CLAIM), claimText(now)) ? Optional.of(new RunLayout(root)) : Optional.empty();
    }

    private static Optional<RunLayout> refuse(boolean strict, String why) {
        if (strict) {
            throw new UserError(why);
        }
        return Optional.empty();
    }

    /** Takes over the claim of {@code root} and moves the earlier run's {@code entries} aside. */
    private static RunLayout replace(Fs fs, Path root, String dir, List<Path> entries, LocalDateTime now) {
        Path aside = new Path(root, REPLACED + STAMP.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8));
        Path claim = new Path(root, CLAIM);
        fs.mkdirs(aside);
        // the earlier claim moves first: of two runs replacing one directory, the one whose rename wins goes on
        boolean won = (!fs.exists(claim) || fs.moveIfPresent(claim, new Path(aside, CLAIM))) && fs.createNew(claim, claimText(now));
        if (!won) {
            fs.deleteQuietly(aside);
            throw new UserError("--run-dir " + dir + " is being replaced by another run started at the same moment "
                    + "(both asked for --overwrite). Let that run go on, or give this one another --run-dir.");
        }
        for (Path e : entries) {
            fs.moveIfPresent(e, new Path(aside, e.getName()));
        }
        return new RunLayout(root, aside);
    }

    private static String claimText(LocalDateTime now) {
        return now + " by process " + ProcessHandle.current().pid() + "\n";
    }

    /** The run in {@code layout} finished: the runs it replaced are deleted. */
    static void finished(Fs fs, RunLayout layout) {
        for (Path p : fs.list(layout.root())) {
            if (p.getName().startsWith(REPLACED)) {
                fs.deleteQuietly(p);
            }
        }
    }

    /**
     * The run in {@code layout} failed. Before its first checkpoint the run it replaced comes back (its own
     * files go); after one it stays resumable and the earlier run stays aside. A stopping process (SIGTERM,
     * whose checkpoint is being written) changes nothing.
     */
    static void failed(Fs fs, RunLayout layout, Consumer<String> say) {
        Path aside = layout.replaced();
        if (aside == null || !fs.exists(aside) || org.apache.hadoop.util.ShutdownHookManager.get().isShutdownInProgress()) {
            return;
        }
        if (!fs.list(layout.checkpoints()).isEmpty()) {
            say.accept("The run that --overwrite replaces is kept in " + aside + " until this run finishes; continue "
                    + "this one with --resume.");
            return;
        }
        for (String own : RunLayout.OWN) {
            fs.deleteQuietly(new Path(layout.root(), own));
        }
        fs.deleteQuietly(new Path(layout.root(), CLAIM));
        for (Path p : fs.list(aside)) {
            fs.moveIfPresent(p, new Path(layout.root(), p.getName()));
        }
        fs.deleteQuietly(aside);
        say.accept("The run in " + layout.root() + " that --overwrite was to replace is back in place: this run failed "
                + "before its first checkpoint.");
    }
}
