package dev.braid.driver.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.FloatArrays;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.RunLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoints of a run: {@code checkpoints/round-NNNNNNN/} with parameters, optimizer state, every
 * partition's RNN state, the cursor and the resolved config, written atomically; the last
 * {@value #KEEP} are kept. Dropout masks and epoch offsets derive from (seed, epoch, batch), so this is
 * everything an exact resume needs.
 */
public final class Checkpoints {
    static final int KEEP = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Fs fs;
    private final RunLayout layout;

    public Checkpoints(Fs fs, RunLayout layout) {
        this.fs = fs;
        this.layout = layout;
    }

    /**
     * Where training stands: epoch and next batch, global iteration, rounds done, RNN state lengths,
     * training seconds so far (absent, so 0, in checkpoints written before it was recorded).
     */
    record Cursor(int epoch, int nextBatch, long iteration, long rounds, int[] stateLengths, double elapsedSeconds) {
    }

    /**
     * A checkpoint read back: the state to continue from, the config it was written with, and its
     * directory (where a workload finds the extra files it wrote with it).
     */
    public record Restored(TrainState state, String config, long rounds, Path dir) {
        /** Where it stands, for the log: round, epoch (1-based) and batch. */
        public String describe() {
            return "round " + rounds + " (epoch " + (state.epoch() + 1) + ", batch " + state.nextBatch() + ")";
        }
    }

    public void write(TrainState state, String config) {
        write(state, config, Map.of());
    }

    /** As above, with a workload's own files (e.g. model selection's state) in the same atomic directory. */
    public void write(TrainState state, String config, Map<String, byte[]> extra) {
        int[] lengths = new int[state.rnnStates.length];
        int total = 0;
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = state.rnnStates[i].length;
            total += lengths[i];
        }
        float[] states = new float[total];
        int pos = 0;
        for (float[] s : state.rnnStates) {
            System.arraycopy(s, 0, states, pos, s.length);
            pos += s.length;
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            files.put("cursor.json", JSON.writeValueAsBytes(new Cursor(state.epoch, state.nextBatch, state.iteration,
                    state.rounds, lengths, state.elapsedSeconds)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        files.put("params.bin", FloatArrays.encode(state.params));
        files.put("optimizer.bin", FloatArrays.encode(state.optimizer));
        files.put("rnn-states.bin", FloatArrays.encode(states));
        files.put("config.conf", config.getBytes(StandardCharsets.UTF_8));
        files.putAll(extra);
        fs.writeDirectory(layout.checkpoint(state.rounds), files);
        List<Path> all = existing();
        for (int i = 0; i < all.size() - KEEP; i++) {
            fs.deleteQuietly(all.get(i));
        }
    }

    public Optional<Restored> latest() {
        List<Path> all = existing();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Path dir = all.get(all.size() - 1);
        try {
            Cursor c = JSON.readValue(fs.readBytes(new Path(dir, "cursor.json")), Cursor.class);
            float[] params = FloatArrays.decode(fs.readBytes(new Path(dir, "params.bin")), dir + "/params.bin");
            float[] opt = FloatArrays.decode(fs.readBytes(new Path(dir, "optimizer.bin")), dir + "/optimizer.bin");
            float[] states = FloatArrays.decode(fs.readBytes(new Path(dir, "rnn-states.bin")), dir + "/rnn-states.bin");
            TrainState state = new TrainState(params, opt, c.stateLengths().length);
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
            return Optional.of(new Restored(state, fs.readText(new Path(dir, "config.conf")), c.rounds(), dir));
        } catch (IOException e) {
            throw new UserError("Checkpoint " + dir + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The training clock of a checkpoint written before cursors recorded it: the elapsed seconds of its
     * last round in the run's metrics (0 if the run has none).
     */
    private double clockFromMetrics(long rounds) {
        List<RoundReport> earlier = MetricsLog.roundsThrough(fs, layout.metrics(), rounds);
        return earlier.isEmpty() ? 0 : earlier.get(earlier.size() - 1).elapsedSeconds();
    }

    /**
     * The latest checkpoint, which {@code cfg} may continue: only {@code training.epochs} and
     * {@code training.timeLimit} may differ from the config it was written with.
     */
    public Restored resumable(BraidConfig cfg) {
        Restored r = latest().orElseThrow(() -> new UserError("Run " + layout.root() + " has no checkpoint to resume "
                + "(checkpoints are written every training.checkpointEvery rounds); start a new run without --resume."));
        BraidConfig then = ConfigLoader.fromRendered(r.config(), layout.root() + "/checkpoints").config();
        if (!then.resumableAs(cfg)) {
            throw new UserError("The configuration differs from the one the checkpoint of " + layout.root()
                    + " was written with; a resumed run may change only training.epochs and training.timeLimit. "
                    + "Compare with " + layout.config() + ".");
        }
        return r;
    }

    private List<Path> existing() {
        return fs.list(layout.checkpoints()).stream().filter(p -> p.getName().startsWith("round-")).toList();
    }
}
