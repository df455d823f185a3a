package dev.braid.driver.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The parameters every Braid stage has: its columns, how it trains (Keras's names: {@code maxEpochs},
 * {@code batchSize}, {@code lr}, {@code dropout}, {@code validationSplit}, {@code randomSeed}), the size of its
 * recurrent model, the data-parallel {@code workers} and their {@code averagingPeriod}, and Braid's
 * {@code runDir}. Each stage sets their defaults in its own {@link Common} subclass, in one place.
 */
public interface TrainingParams<S extends TrainingParams<S>> extends Params {

    /** The common parameters of one stage (defaults set by the stage's subclass). */
    class Common implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final Param<String> inputCol;
        final Param<String> outputCol;
        final IntParam maxEpochs;
        final IntParam batchSize;
        final DoubleParam lr;
        final DoubleParam dropout;
        final DoubleParam validationSplit;
        final LongParam randomSeed;
        final IntParam embeddingDim;
        final IntParam hiddenSize;
        final Param<String> cell;
        final IntParam workers;
        final IntParam averagingPeriod;
        final Param<String> runDir;
        final BooleanParam verbose;

        Common(Params owner, String input, String output, String dropoutDoc) {
            inputCol = new Param<>(owner, "inputCol", input);
            outputCol = new Param<>(owner, "outputCol", output);
            maxEpochs = new IntParam(owner, "maxEpochs", "passes over the training rows", ParamValidators.gtEq(1));
            batchSize = new IntParam(owner, "batchSize", "rows of a minibatch", ParamValidators.gtEq(1));
            lr = new DoubleParam(owner, "lr", "Adam's learning rate, decaying as a half cosine over the epochs",
                    ParamValidators.gt(0));
            dropout = new DoubleParam(owner, "dropout", dropoutDoc, ParamValidators.inRange(0, 1, true, false));
            validationSplit = new DoubleParam(owner, "validationSplit", "share of the rows (by a seeded hash of the row "
                    + "index) held out to pick the epoch kept or to score; 0: none", ParamValidators.inRange(0, 1, true, false));
            randomSeed = new LongParam(owner, "randomSeed", "seeds initialisation, dropout, batch order and the split");
            embeddingDim = new IntParam(owner, "embeddingDim", "width of the token embedding", ParamValidators.gtEq(1));
            hiddenSize = new IntParam(owner, "hiddenSize", "units of the recurrent layer (of each direction)",
                    ParamValidators.gtEq(1));
            cell = new Param<>(owner, "cell", "recurrent cell: gru or lstm",
                    ParamValidators.inArray(new String[] {"gru", "lstm"}));
            workers = new IntParam(owner, "workers", "data-parallel Spark tasks", ParamValidators.gtEq(1));
            averagingPeriod = new IntParam(owner, "averagingPeriod", "minibatches each worker trains between parameter "
                    + "averages", ParamValidators.gtEq(1));
            runDir = new Param<>(owner, "runDir", "Braid's run directory (checkpoints, metrics, model; a Hadoop path); "
                    + "empty: a new temporary one. A directory holding an interrupted run resumes it");
            verbose = new BooleanParam(owner, "verbose", "print the run's progress to standard output");
            owner.setDefault(runDir, "");
            owner.setDefault(verbose, false);
        }
    }

    /** This stage's common parameters. */
    Common common();

    /** This stage, for setters' chaining. */
    S self();

    /** The value of {@code param} (its default where unset). */
    @SuppressWarnings("unchecked")
    default <T> T value(Param<?> param) {
        return (T) getOrDefault(param);
    }

    // Spark ML finds a stage's parameters by its public no-argument methods returning a Param.
    default Param<String> inputCol() { return common().inputCol; }
    default Param<String> outputCol() { return common().outputCol; }
    default IntParam maxEpochs() { return common().maxEpochs; }
    default IntParam batchSize() { return common().batchSize; }
    default DoubleParam lr() { return common().lr; }
    default DoubleParam dropout() { return common().dropout; }
    default DoubleParam validationSplit() { return common().validationSplit; }
    default LongParam randomSeed() { return common().randomSeed; }
    default IntParam embeddingDim() { return common().embeddingDim; }
    default IntParam hiddenSize() { return common().hiddenSize; }
    default Param<String> cell() { return common().cell; }
    default IntParam workers() { return common().workers; }
    default IntParam averagingPeriod() { return common().averagingPeriod; }
    default Param<String> runDir() { return common().runDir; }
    default BooleanParam verbose() { return common().verbose; }

    default S setInputCol(String v) { set(inputCol(), v); return self(); }
    default S setOutputCol(String v) { set(outputCol(), v); return self(); }
    default S setMaxEpochs(int v) { set(maxEpochs(), v); return self(); }
    default S setBatchSize(int v) { set(batchSize(), v); return self(); }
    default S setLr(double v) { set(lr(), v); return self(); }
    default S setDropout(double v) { set(dropout(), v); return self(); }
    default S setValidationSplit(double v) { set(validationSplit(), v); return self(); }
    default S setRandomSeed(long v) { set(randomSeed(), v); return self(); }
    default S setEmbeddingDim(int v) { set(embeddingDim(), v); return self(); }
    default S setHiddenSize(int v) { set(hiddenSize(), v); return self(); }
    default S setCell(String v) { set(cell(), v); return self(); }
    default S setWorkers(int v) { set(workers(), v); return self(); }
    default S setAveragingPeriod(int v) { set(averagingPeriod(), v); return self(); }
    default S setRunDir(String v) { set(runDir(), v); return self(); }
    default S setVerbose(boolean v) { set(verbose(), v); return self(); }

    /** The training settings every stage's config shares, as {@code key=value} overrides of {@code conf/base.conf}. */
    default java.util.List<String> trainingOverrides() {
        return java.util.List.of("seed = " + value(randomSeed()), "training.workers = " + value(workers()),
                "training.batchSize = " + value(batchSize()), "training.averagingPeriod = " + value(averagingPeriod()),
                "training.epochs = " + value(maxEpochs()), "optimizer.learningRate = " + value(lr()),
                "optimizer.decay = cosine");
    }
}
