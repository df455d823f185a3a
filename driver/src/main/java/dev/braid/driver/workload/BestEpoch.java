package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.io.FloatArrays;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.Json;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.run.Selection;
import dev.braid.driver.train.TrainState;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;

/**
 * Keeps the epoch of the lowest validation figure (a classifier's validation log loss): after every epoch
 * the parameters are scored, the best so far is kept and written to {@code RUN/best/}; training goes on
 * through every epoch. Its state travels in every checkpoint, so a resumed run keeps what an
 * uninterrupted one would.
 */
final class BestEpoch implements Selection {
    private static final String STATE = "best-epoch.json";
    private static final String BEST = "best-epoch.bin";
    private final Fs fs;
    private final RunLayout layout;
    private final Function<float[], Score> validate;
    private final Function<float[], SavedModel> saved;
    private final PrintStream out;
    private final List<Epoch> history = new ArrayList<>();
    private float[] bestParams;
    private int bestEpoch;

    /**
     * An epoch's validation figure (lower is better), the line that describes it, and the figures by name
     * (the one selected on first).
     */
    record Score(double value, String line, Map<String, Double> figures) {
    }

    /** One epoch's training loss and validation score (figures: null in checkpoints of older runs). */
    record Epoch(int epoch, double trainLoss, double validation, String line, Map<String, Double> figures) {
    }

    private record Saved(List<Epoch> history, int bestEpoch) {
    }

    BestEpoch(Fs fs, RunLayout layout, Function<float[], Score> validate, Function<float[], SavedModel> saved,
              PrintStream out) {
        this.fs = fs;
        this.layout = layout;
        this.validate = validate;
        this.saved = saved;
        this.out = out;
    }

    @Override public boolean scoresEpochs() {
        return true;
    }

    @Override public boolean afterEpoch(TrainState state, double trainLoss) {
        int epoch = state.nextBatch() > 0 ? state.epoch() + 1 : state.epoch();
        Score s = validate.apply(state.params());
        boolean improved = bestParams == null || s.value() < best().validation();
        history.add(new Epoch(epoch, trainLoss, s.value(), s.line(), s.figures()));
        if (improved) {
            bestParams = state.params().clone();
            bestEpoch = epoch;
            new ModelStore(fs).save(layout.best(), saved.apply(bestParams));
        }
        out.printf(Locale.ROOT, "  epoch %d: train loss %.4f, %s%s%n", epoch, trainLoss, s.line(), improved ? "  (best)" : "");
        return true;
    }

    private Epoch best() {
        return history.stream().filter(e -> e.epoch() == bestEpoch).findFirst().orElseThrow();
    }

    @Override public Map<String, byte[]> snapshot() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(STATE, Json.indented(new Saved(history, bestEpoch)));
        if (bestParams != null) {
            files.put(BEST, FloatArrays.encode(bestParams));
        }
        return files;
    }

    @Override public void restore(Path dir) {
        try {
            Saved state = Json.COMPACT.readValue(fs.readBytesUnchecked(new Path(dir, STATE)), Saved.class);
            history.addAll(state.history());
            bestEpoch = state.bestEpoch();
            bestParams = history.isEmpty() ? null : FloatArrays.decode(fs.readBytesUnchecked(new Path(dir, BEST)),
                    dir + "/" + BEST);
        } catch (IOException | UserError e) {
            throw new UserError("Checkpoint " + dir + " has no readable best-epoch state (" + e.getMessage() + "); resume "
                    + "from a checkpoint a classification run wrote.", e);
        }
    }

    @Override public Choice finish(TrainState state) {
        if (bestParams == null) {
            throw new UserError("No epoch finished within training.timeLimit; raise the limit or lower the data size.");
        }
        return new Choice("best epoch " + bestEpoch, bestParams, new float[0]);
    }

    @Override public List<EpochFigures> epochs() {
        return history.stream().map(e -> new EpochFigures(e.epoch(), e.trainLoss(),
                e.figures() == null ? Map.of("validation", e.validation()) : e.figures())).toList();
    }

    /** Every epoch's figures so far. */
    List<Epoch> history() {
        return List.copyOf(history);
    }
}
