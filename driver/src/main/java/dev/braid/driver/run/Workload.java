package dev.braid.driver.run;

import dev.braid.driver.io.Fs;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.io.SavedModel;
import dev.braid.worker.data.Vocabulary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What one kind of model adds to the {@link TrainingRun}: its inputs, how its data becomes cached
 * per-partition blocks ({@code D}), its selection over epochs, and its report ({@code R}). Everything
 * else — run directory, start modes, rounds, metrics, checkpoints, divergence, model save — is the run's.
 */
public interface Workload<D, R> {

    /** Every path the run reads, by config key (e.g. {@code data.test}); each is checked before Spark starts. */
    Map<String, String> inputs();

    /** Files saved beside the model in its directory (e.g. a forecaster's scaling); by default none. */
    default Map<String, byte[]> modelFiles() {
        return Map.of();
    }

    /** The names of the files {@link #modelFiles} writes (known before the data is read). */
    default List<String> modelFileNames() {
        return List.of();
    }

    /**
     * Called before {@link #prepare} when training continues a saved model, with the files saved beside it,
     * or resumes a run, with those its checkpoint carries (e.g. a forecaster keeps its scaling, so the
     * parameters see their inputs as they were trained to).
     */
    default void continueFrom(Map<String, byte[]> files) {
    }

    /**
     * What a scheduled retrain trains on, given every dated partition ({@code all}, oldest first) and the
     * ones no version has trained on yet ({@code fresh}): by default only the fresh ones.
     */
    default List<String> retrainData(List<String> all, List<String> fresh) {
        return fresh;
    }

    /** Other checks that need no Spark, made before it starts (e.g. companion models exist). */
    default void preflight(Fs fs) {
    }

    /**
     * Reads the training data at {@code train} (in order) into cached blocks, encoded with
     * {@code vocabularies} when given (a checkpoint's or a warm-start model's), else with vocabularies
     * built from the data.
     */
    Prepared<D> prepare(JavaSparkContext sc, Fs fs, List<String> train, Optional<Map<String, Vocabulary>> vocabularies);

    /** The model's layers in order, as {@code placement.stages} names them (known before the data is read). */
    dev.braid.worker.model.ModelSpec.Units layers();

    /**
     * The model the config describes over {@code vocabularies} (by role); a missing role is a
     * {@link dev.braid.driver.UserError} (a warm start from a model of another workload).
     */
    dev.braid.worker.model.ModelSpec spec(Map<String, Vocabulary> vocabularies);

    /**
     * Starts a fresh model's parameters from what preparing the data learned (e.g. a classifier's word2vec
     * vectors), after the random start and any pretrained file; lines for the log.
     */
    default List<String> initialize(Prepared<D> data, dev.braid.worker.model.StackModel model) {
        return List.of();
    }

    /** One line describing the model of {@code data} with {@code parameters} parameters. */
    String describe(Prepared<D> data, int parameters);

    /** The selection over epochs; {@code saved} turns parameters into a model to write (e.g. RUN/best/). */
    default Selection selection(JavaSparkContext sc, Fs fs, RunLayout layout, Prepared<D> data,
                                java.util.function.Function<float[], SavedModel> saved) {
        return Selection.LAST;
    }

    /** Scores the trained model and writes the run's report. */
    R report(JavaSparkContext sc, Fs fs, Trained<D> trained);

    /**
     * The held-out figure scheduled retraining compares versions by, lower is better (bits per
     * character, word error rate), and its unit.
     */
    HeldOut heldOut(JavaSparkContext sc, Fs fs, SavedModel model);

    /** A held-out figure: lower is better. */
    record HeldOut(double value, String unit) {
    }

    /** What training produced, for the report. */
    record Trained<D>(RunLayout layout, Prepared<D> data, dev.braid.driver.train.TrainState state,
                      List<dev.braid.driver.train.RoundReport> rounds, Selection.Choice choice, SavedModel model,
                      double trainSeconds) {
    }
}
