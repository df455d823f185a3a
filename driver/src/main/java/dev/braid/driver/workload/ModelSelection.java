package dev.braid.driver.workload;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.io.FloatArrays;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.Provenance;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.train.TrainState;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.model.Seq2SeqModel;
import dev.braid.worker.model.Seq2SeqSpec;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Model selection on the validation set (never the test set): after every epoch the model is decoded
 * greedily on validation; the best so far is kept (and written to {@code RUN/best/}); training stops
 * after {@code patience} epochs without improvement. With {@code averageLast = N}, the average of the
 * last N epochs' parameters is scored at the end too, and the better of the two is chosen. Its state
 * travels in every checkpoint ({@link #snapshot}), so a resumed run selects as an uninterrupted one.
 */
final class ModelSelection {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE = "selection.json";
    private static final String BEST = "selection-best.bin";
    private static final String RECENT = "selection-recent-";
    private final Fs fs;
    private final RunLayout layout;
    private final Seq2SeqModel model;
    private final ReferenceSet validation;
    private final Vocabulary src;
    private final Vocabulary tgt;
    private final Seq2SeqSpec spec;
    private final String config;
    private final Provenance provenance;
    private final List<Seq2SeqJob.EpochScore> history = new ArrayList<>();
    private final Deque<float[]> recent = new ArrayDeque<>();
    private ReferenceSet.Scores best;
    private float[] bestParams;
    private int bestEpoch;

    /** The chosen parameters and which they are ({@code best} epoch or {@code average}). */
    record Choice(String name, float[] params) {
    }

    /** What {@code selection.json} of a checkpoint holds beside the parameter files. */
    private record Saved(List<Seq2SeqJob.EpochScore> history, ReferenceSet.Scores best, int bestEpoch, int recent) {
    }

    ModelSelection(Fs fs, RunLayout layout, Seq2SeqModel model, ReferenceSet validation, Vocabulary src, Vocabulary tgt,
                   Seq2SeqSpec spec, String config, Provenance provenance) {
        this.fs = fs;
        this.layout = layout;
        this.model = model;
        this.validation = validation;
        this.src = src;
        this.tgt = tgt;
        this.spec = spec;
        this.config = config;
        this.provenance = provenance;
    }

    /** Scores the epoch just finished; false when training should stop. */
    boolean afterEpoch(TrainState state, double trainLoss, Seq2SeqJob job) {
        // state.epoch() counts completed epochs; a part-way epoch (time limit) is reported as the next one
        int epoch = state.nextBatch() > 0 ? state.epoch() + 1 : state.epoch();
        model.params().setAll(state.params());
        ReferenceSet.Scores v = job.score(validation, model, src, tgt, 1);
        history.add(new Seq2SeqJob.EpochScore(epoch, trainLoss, v));
        int averageLast = job.seq2seq().averageLast();
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
            new ModelStore(fs).save(new Path(layout.root(), "best"), saved(bestParams));
        }
        job.out().printf("  epoch %d: train loss %.4f, %s%s%n", epoch, trainLoss, v, improved ? "  (best)" : "");
        return epoch - bestEpoch < job.seq2seq().patience();
    }

    /** The selection's state as files of a checkpoint: scores so far, the best and the recent parameters. */
    Map<String, byte[]> snapshot() {
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
    void restore(Path dir) {
        try {
            Saved saved = JSON.readValue(fs.readBytes(new Path(dir, STATE)), Saved.class);
            history.addAll(saved.history());
            best = saved.best();
            bestEpoch = saved.bestEpoch();
            bestParams = best == null ? null : read(new Path(dir, BEST));
            for (int i = 0; i < saved.recent(); i++) {
                recent.addLast(read(new Path(dir, RECENT + i + ".bin")));
            }
        } catch (IOException e) {
            throw new dev.braid.driver.UserError("Checkpoint " + dir + " has no readable model-selection state ("
                    + e.getMessage() + "); resume from a checkpoint a seq2seq run wrote.", e);
        }
    }

    private float[] read(Path file) throws IOException {
        float[] p = FloatArrays.decode(fs.readBytes(file), file.toString());
        if (p.length != model.layout().size()) {
            throw new dev.braid.driver.UserError(file + " holds " + p.length + " parameters; the model of this config has "
                    + model.layout().size() + ". Resume with the config the run was started with.");
        }
        return p;
    }

    Choice finish(Seq2SeqJob job) {
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
            model.params().setAll(avg);
            ReferenceSet.Scores a = job.score(validation, model, src, tgt, 1);
            job.out().printf("  average of the last %d epochs: %s%n", recent.size(), a);
            if (a.betterThan(best)) {
                return new Choice("average of the last " + recent.size() + " epochs", avg);
            }
        }
        return new Choice("best epoch " + bestEpoch, bestParams);
    }

    SavedModel saved(float[] params) {
        return new SavedModel(spec, Map.of("source", src, "target", tgt), params, new float[0], config, provenance);
    }

    List<Seq2SeqJob.EpochScore> history() {
        return history;
    }

    int bestEpoch() {
        return bestEpoch;
    }
}
