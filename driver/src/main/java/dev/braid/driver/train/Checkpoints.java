package dev.braid.driver.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.io.Json;
import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.FloatArrays;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.Manifest;
import dev.braid.driver.io.RunLayout;
import dev.braid.worker.data.Vocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoints of a run: {@code checkpoints/round-NNNNNNN/} with parameters, optimizer state, every
 * partition's RNN state, the cursor (with the learning-rate factor and the data's fingerprint), the
 * vocabularies and the resolved config, plus a SHA-256 manifest, written atomically. The newest
 * {@code keep} are kept. Dropout masks and epoch offsets derive from (seed, epoch, batch), so this is
 * everything an exact resume needs. A checkpoint that fails its manifest is skipped with a warning and
 * the one before it is used.
 */
public final class Checkpoints {
    private static final ObjectMapper JSON = Json.COMPACT;

    private final Fs fs;
    private final RunLayout layout;
    private final int keep;
    private final Consumer<String> warn;

    public Checkpoints(Fs fs, RunLayout layout) {
        this(fs, layout, 2, w -> { });
    }

    /** Keeping the newest {@code keep}; {@code warn} hears of damaged checkpoints that were passed over. */
    public Checkpoints(Fs fs, RunLayout layout, int keep, Consumer<String> warn) {
        this.fs = fs;
        this.layout = layout;
        this.keep = keep;
        this.warn = warn;
    }

    /**
     * Where training stands: epoch and next batch, global iteration, rounds done, RNN state lengths,
     * training seconds so far (absent, so 0, in checkpoints written before it was recorded), the
     * learning-rate factor and rollbacks of divergence handling, and the fingerprint of the training
     * data (empty in older checkpoints).
     */
    record Cursor(int epoch, int nextBatch, long iteration, long rounds, int[] stateLengths, double elapsedSeconds,
                  Double rateScale, int rollbacks, String dataFingerprint, Long plannedUpdates) {
    }

    /**
     * A checkpoint read back: the state to continue from, the config it was written with, its
     * vocabularies by role (empty for checkpoints written before they were kept), the fingerprint of
     * the data it was trained on ("" if unknown), and its directory (where a workload finds the extra
     * files it wrote with it).
     */
    public record Restored(TrainState state, String config, long rounds, Path dir, Map<String, Vocabulary> vocabularies,
                           String dataFingerprint) {
        /** Where it stands, for the log: round, epoch (1-based) and batch. */
        public String describe() {
            return "round " + rounds + " (epoch " + (state.epoch() + 1) + ", batch " + state.nextBatch() + ")";
        }
    }

    /** What a checkpoint holds beside the training state. */
    public record Context(String config, Map<String, Vocabulary> vocabularies, String dataFingerprint) {
    }

    public void write(TrainState state, String config) {
        write(state, new Context(config, Map.of(), ""), Map.of());
    }

    /**
     * Writes round {@code state.rounds()} with {@code context} and a workload's own files
     * ({@code extra}, e.g. model selection's state) in one atomic directory, then prunes: checkpoints
     * of later rounds (left by a run that went back to an earlier one) go, and of the rest the newest
     * {@code keep} stay.
     */
    public void write(TrainState state, Context context, Map<String, byte[]> extra) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            files.put("cursor.json", JSON.writeValueAsBytes(new Cursor(state.epoch, state.nextBatch, state.iteration,
                    state.rounds, stateLengths(state), state.elapsedSeconds, state.rateScale, state.rollbacks,
                    context.dataFingerprint(), state.plannedUpdates)));
            dev.braid.driver.io.VocabularyFiles.put(files, context.vocabularies());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        files.put("params.bin", FloatArrays.encode(state.params));
        files.put("optimizer.bin", FloatArrays.encode(state.optimizer));
        files.put("rnn-states.bin", FloatArrays.encode(concat(state.rnnStates)));
        files.put("config.conf", context.config().getBytes(StandardCharsets.UTF_8));
        files.putAll(extra);
        fs.writeDirectory(layout.checkpoint(state.rounds), files);
        List<Path> all = existing();
        List<Path> older = new ArrayList<>();
        for (Path p : all) {
            if (round(p) > state.rounds) {
                fs.deleteQuietly(p);
            } else {
                older.add(p);
            }
        }
        for (int i = 0; i < older.size() - keep; i++) {
            fs.deleteQuietly(older.get(i));
        }
        // what a driver killed while writing left: our own temporary directories, never read
        fs.list(layout.checkpoints()).stream().filter(p -> p.getName().matches("\\.round-\\d+\\.(tmp|old)-.*"))
                .forEach(fs::deleteQuietly);
    }

    private static int[] stateLengths(TrainState state) {
        int[] lengths = new int[state.rnnStates.length];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = state.rnnStates[i].length;
        }
        return lengths;
    }

    private static float[] concat(float[][] arrays) {
        int total = 0;
        for (float[] a : arrays) {
            total += a.length;
        }
        float[] out = new float[total];
        int pos = 0;
        for (float[] a : arrays) {
            System.arraycopy(a, 0, out, pos, a.length);
            pos += a.length;
        }
        return out;
    }

    /**
     * The newest intact checkpoint. Newer ones that fail their manifest (or cannot be read) are passed
     * over with a warning naming the damage; when none is intact, the error lists every one.
     */
    public Optional<Restored> latest() {
        List<Path> all = existing();
        List<String> damaged = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Path dir = all.get(i);
            try {
                Restored r = read(dir);
                if (!damaged.isEmpty()) {
                    warn.accept("Checkpoint " + String.join("; checkpoint ", damaged) + ". Resuming from the previous intact "
                            + "checkpoint, " + dir.getName() + ".");
                }
                return Optional.of(r);
            } catch (UserError e) {
                damaged.add(dir.getName() + " is damaged (" + e.getMessage() + ")");
            }
        }
        if (!damaged.isEmpty()) {
            throw new UserError("No intact checkpoint in " + layout.checkpoints() + ": checkpoint "
                    + String.join("; checkpoint ", damaged) + ". Restore the directory from a copy, or start a new run.");
        }
        return Optional.empty();
    }

    private Restored read(Path dir) {
        List<String> problems = Manifest.problems(fs, dir);
        if (!problems.isEmpty()) {
            throw new UserError(String.join(", ", problems));
        }
        try {
            Cursor c = JSON.readValue(bytes(dir, "cursor.json"), Cursor.class);
            TrainState state = new TrainState(decode(dir, "params.bin"), decode(dir, "optimizer.bin"), c.stateLengths().length);
            float[] states = decode(dir, "rnn-states.bin");
            int pos = 0;
            for (int i = 0; i < c.stateLengths().length; i++) {
                state.rnnStates[i] = java.util.Arrays.copyOfRange(states, pos, pos + c.stateLengths()[i]);
                pos += c.stateLengths()[i];
            }
            state.epoch = c.epoch();
            state.nextBatch = c.nextBatch();
            state.iteration = c.iteration();
            state.rounds = c.rounds();
            state.priorSeconds = c.elapsedSeconds() > 0 ? c.elapsedSeconds() : clockFromMetrics(c.rounds());
            state.elapsedSeconds = state.priorSeconds;
            state.rateScale = c.rateScale() == null ? 1.0 : c.rateScale();
            state.rollbacks = c.rollbacks();
            state.plannedUpdates = c.plannedUpdates() == null ? 0 : c.plannedUpdates();
            return new Restored(state, new String(bytes(dir, "config.conf"), StandardCharsets.UTF_8), c.rounds(), dir,
                    dev.braid.driver.io.VocabularyFiles.read(fs, dir), c.dataFingerprint() == null ? "" : c.dataFingerprint());
        } catch (IOException | java.io.UncheckedIOException e) {
            // the bytes passed the manifest: only a failing read is damage; any other exception is a reader bug,
            // which must not pass for damage and fall back to an older checkpoint
            throw new UserError(dir.getName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private byte[] bytes(Path dir, String name) {
        return fs.readBytesUnchecked(new Path(dir, name));
    }

    private float[] decode(Path dir, String name) {
        return FloatArrays.decode(bytes(dir, name), dir.getName() + "/" + name);
    }

    /**
     * The training clock of a checkpoint written before cursors recorded it: the elapsed seconds of its
     * last round in the run's metrics (0 if the run has none).
     */
    private double clockFromMetrics(long rounds) {
        List<RoundReport> earlier = MetricsLog.roundsThrough(fs, layout.metrics(), rounds, w -> { });
        return earlier.isEmpty() ? 0 : earlier.get(earlier.size() - 1).elapsedSeconds();
    }

    /**
     * The latest intact checkpoint, which {@code cfg} may continue: only {@code training.epochs},
     * {@code training.timeLimit}, {@code training.keepCheckpoints} and {@code data.cache} may differ from the
     * config it was written with.
     */
    public Restored resumable(BraidConfig cfg) {
        Restored r = latest().orElseThrow(() -> new UserError("Run " + layout.root() + " has no checkpoint to resume "
                + "(checkpoints are written every training.checkpointEvery rounds); start a new run without --resume."));
        BraidConfig then = ConfigLoader.fromRendered(r.config(), r.dir() + "/config.conf").config();
        if (!then.resumableAs(cfg)) {
            throw new UserError("The configuration differs from the one the checkpoint of " + layout.root()
                    + " was written with; a resumed run may change only training.epochs, training.timeLimit, "
                    + "training.keepCheckpoints, training.stopCheckpointTimeout and data.cache, and training.workers "
                    + "(for a char-LM with training.batchSize, their product unchanged: the same streams). "
                    + "Compare with " + layout.config() + ".");
        }
        return r;
    }

    private List<Path> existing() {
        return fs.list(layout.checkpoints()).stream().filter(p -> p.getName().matches("round-\\d+"))
                .sorted(java.util.Comparator.comparingLong(Checkpoints::round)).toList();
    }

    private static long round(Path checkpoint) {
        return Long.parseLong(checkpoint.getName().substring("round-".length()));
    }
}
