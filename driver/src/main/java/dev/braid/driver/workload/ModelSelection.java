package dev.braid.driver.workload;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.io.Json;
import dev.braid.driver.io.FloatArrays;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.run.Selection;
import dev.braid.driver.train.TrainState;
import java.io.IOException;
import java.util.ArrayDeque;
import dev.braid.driver.config.Seq2SeqConfig;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;

/**
 * Model selection on the validation set (never the test set): after every epoch the model is decoded
 * greedily on validation; the best so far is kept (and written to {@code RUN/best/}); training stops
 * after {@code patience} epochs without improvement. With {@code averageLast = N}, the average of the
 * last N epochs' parameters is scored at the end too, and the better of the two is chosen. Its state
 * travels in every checkpoint ({@link #snapshot}), so a resumed run selects as an uninterrupted one.
 */
final class ModelSelection implements Selection {
    private static final ObjectMapper JSON = Json.COMPACT;
    private static final String STATE = "selection.json";
    private static final String BEST = "selection-best.bin";
    private static final String RECENT = "selection-recent-";
    private final Fs fs;
    private final RunLayout layout;
    private final int parameters;
    private final Function<float[], ReferenceSet.Scores> validate;
    private final Function<float[], SavedModel> saved;
    private final int patience;
    private final int averageLast;
    private final java.io.PrintStream out;
    private final List<Seq2SeqReport.EpochScore> history = new ArrayList<>();
    private final Deque<float[]> recent = new ArrayDeque<>();
    private ReferenceSet.Scores best;
    private float[] bestParams;
    private int bestEpoch;

    /** What {@code selection.json} of a checkpoint holds beside the parameter files. */
    private record Saved(List<Seq2SeqReport.EpochScore> history, ReferenceSet.Scores best, int bestEpoch, int recent) {
    }

    /**
     * Selection among parameters of {@code parameters} values, scored on validation by {@code validate};
     * the best so far is written as the model {@code saved} makes of it.
     */
    ModelSelection(Fs fs, RunLayout layout, int parameters, Function<float[], ReferenceSet.Scores> validate,
                   Function<float[], SavedModel> saved, int patience, int averageLast, java.io.PrintStream out) {
        this.fs = fs;
        this.layout = layout;
        this.parameters = parameters;
        this.validate = validate;
        this.saved = saved;
        this.patience = patience;
        this.averageLast = averageLast;
        this.out = out;
    }

    @Override public boolean scoresEpochs() {
        return true;
    }

    /** Scores the epoch just finished; false when training should stop. */
    @Override public boolean afterEpoch(TrainState state, double trainLoss) {
        // state.epoch() counts completed epochs; a part-way epoch (time limit) is reported as the next one
        int epoch = state.nextBatch() > 0 ? state.epoch() + 1 : state.epoch();
        ReferenceSet.Scores v = validate.apply(state.params());
        history.add(new Seq2SeqReport.EpochScore(epoch, trainLoss, v));
        if (averageLast > 0) {
            recent.addLast(state.params().clone());
            while (recent.size() > averageLast) {
                recent.removeFirst();
            }
        }
        boolean improved = v.betterThan(best);
        if (improved) {
            best = v;
            bestParams = state.params().clone();
            bestEpoch = epoch;
            new ModelStore(fs).save(layout.best(), saved.apply(bestParams));
        }
        out.printf(java.util.Locale.ROOT, "  epoch %d: train loss %.4f, %s%s%n", epoch, trainLoss, v, improved ? "  (best)" : "");
        return epoch - bestEpoch < patience;
    }

    /** The selection's state as files of a checkpoint: scores so far, the best and the recent parameters. */
    @Override public Map<String, byte[]> snapshot() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            files.put(STATE, JSON.writeValueAsBytes(new Saved(history, best, bestEpoch, recent.size())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (bestParams != null) {
            files.put(BEST, FloatArrays.encode(bestParams));
        }
        int i = 0;
        for (float[] p : recent) {
            files.put(RECENT + i++ + ".bin", FloatArrays.encode(p));
        }
        return files;
    }

    /** Takes up the state {@link #snapshot} wrote into checkpoint directory {@code dir}. */
    @Override public void restore(Path dir) {
        try {
            Saved state = JSON.readValue(fs.readBytesUnchecked(new Path(dir, STATE)), Saved.class);
            history.addAll(state.history());
            best = state.best();
            bestEpoch = state.bestEpoch();
            bestParams = best == null ? null : read(new Path(dir, BEST));
            for (int i = 0; i < state.recent(); i++) {
                recent.addLast(read(new Path(dir, RECENT + i + ".bin")));
            }
        } catch (IOException | dev.braid.driver.UserError e) {
            throw new dev.braid.driver.UserError("Checkpoint " + dir + " has no readable model-selection state ("
                    + e.getMessage() + "); resume from a checkpoint a seq2seq run wrote.", e);
        }
    }

    private float[] read(Path file) {
        float[] p = FloatArrays.decode(fs.readBytesUnchecked(file), file.toString());
        if (p.length != parameters) {
            throw new dev.braid.driver.UserError(file + " holds " + p.length + " parameters; the model of this config has "
                    + parameters + ". Resume with the config the run was started with.");
        }
        return p;
    }

    /** The best epoch's parameters, or the average of the last epochs when that scores better on validation. */
    @Override public Choice finish(TrainState state) {
        if (bestParams == null) {
            throw new dev.braid.driver.UserError("No epoch finished within training.timeLimit; raise the limit or lower "
                    + "the data size.");
        }
        if (recent.size() > 1) {
            float[] avg = new float[bestParams.length];
            for (float[] p : recent) {
                for (int i = 0; i < avg.length; i++) {
                    avg[i] += p[i] / recent.size();
                }
            }
            ReferenceSet.Scores a = validate.apply(avg);
            out.printf("  average of the last %d epochs: %s%n", recent.size(), a);
            if (a.betterThan(best)) {
                return new Choice("average of the last " + recent.size() + " epochs", avg, new float[0]);
            }
        }
        return new Choice("best epoch " + bestEpoch, bestParams, new float[0]);
    }

    @Override public List<EpochFigures> epochs() {
        return history.stream().map(e -> new EpochFigures(e.epoch(), e.trainLoss(), figures(e.validation()))).toList();
    }

    /** A validation's figures by name, the one selected on first. */
    private static Map<String, Double> figures(ReferenceSet.Scores v) {
        Map<String, Double> all = new LinkedHashMap<>();
        all.put("BLEU", v.bleu());
        all.put("chrF", v.chrf());
        all.put("WER %", 100 * v.wer());
        all.put("PER %", 100 * v.per());
        // scores in checkpoints written before selectBy existed were selected by WER
        String first = switch (v.selectBy() == null ? Seq2SeqConfig.Metric.WER : v.selectBy()) {
            case WER -> "WER %";
            case BLEU -> "BLEU";
            case CHRF -> "chrF";
        };
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(first, all.remove(first));
        out.putAll(all);
        return out;
    }

    List<Seq2SeqReport.EpochScore> history() {
        return history;
    }

    int bestEpoch() {
        return bestEpoch;
    }
}
