package dev.braid.driver.ml;

import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * The parameters of {@link SequenceClassifier} and its model, their defaults (in one place: {@link Fields})
 * and validators, and how they become a Braid configuration ({@link #overrides}). The names are Spark ML's
 * where it has one ({@code inputCol}, {@code labelCol}, {@code outputCol}, {@code probabilityCol}) and
 * Keras's otherwise ({@code maxEpochs}, {@code batchSize}, {@code lr}, {@code dropout},
 * {@code validationSplit}, {@code randomSeed}).
 */
public interface ClassifierParams<S extends ClassifierParams<S>> extends Params {

    /** The parameters of one estimator or model, with their defaults set on {@code owner}. */
    final class Fields implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final Param<String> inputCol;
        final Param<String> labelCol;
        final Param<String> outputCol;
        final Param<String> probabilityCol;
        final IntParam maxEpochs;
        final IntParam batchSize;
        final DoubleParam lr;
        final DoubleParam dropout;
        final DoubleParam validationSplit;
        final LongParam randomSeed;
        final IntParam embeddingDim;
        final IntParam hiddenSize;
        final Param<String> cell;
        final Param<String> pooling;
        final IntParam maxLength;
        final Param<String> truncation;
        final IntParam vocabularySize;
        final IntParam minCount;
        final IntParam workers;
        final IntParam averagingPeriod;
        final Param<String> classWeights;
        final DoubleParam threshold;
        final Param<String> runDir;
        final BooleanParam verbose;

        Fields(Params owner) {
            inputCol = new Param<>(owner, "inputCol", "tokens: an array of strings (e.g. a RegexTokenizer's output), "
                    + "or a string cut into words");
            labelCol = new Param<>(owner, "labelCol", "the label, 0 or 1");
            outputCol = new Param<>(owner, "outputCol", "the predicted label, 0.0 or 1.0");
            probabilityCol = new Param<>(owner, "probabilityCol", "the probabilities of labels 0 and 1, a vector");
            maxEpochs = new IntParam(owner, "maxEpochs", "passes over the training rows", ParamValidators.gtEq(1));
            batchSize = new IntParam(owner, "batchSize", "rows of a minibatch", ParamValidators.gtEq(1));
            lr = new DoubleParam(owner, "lr", "Adam's learning rate, decaying as a half cosine over the epochs",
                    ParamValidators.gt(0));
            dropout = new DoubleParam(owner, "dropout", "dropout after the embedding and after the pool",
                    ParamValidators.inRange(0, 1, true, false));
            validationSplit = new DoubleParam(owner, "validationSplit", "share of the rows (by a seeded hash of the row "
                    + "index) held out to pick the epoch kept; 0: the last epoch", ParamValidators.inRange(0, 1, true, false));
            randomSeed = new LongParam(owner, "randomSeed", "seeds initialisation, dropout, batch order and the split");
            embeddingDim = new IntParam(owner, "embeddingDim", "width of the token embedding", ParamValidators.gtEq(1));
            hiddenSize = new IntParam(owner, "hiddenSize", "units of each direction of the recurrent layer",
                    ParamValidators.gtEq(1));
            cell = new Param<>(owner, "cell", "recurrent cell: gru or lstm",
                    ParamValidators.inArray(new String[] {"gru", "lstm"}));
            pooling = new Param<>(owner, "pooling", "how the steps become one vector: max, mean, last or attention",
                    ParamValidators.inArray(new String[] {"max", "mean", "last", "attention"}));
            maxLength = new IntParam(owner, "maxLength", "tokens read of a row", ParamValidators.gtEq(1));
            truncation = new Param<>(owner, "truncation", "which tokens of a longer row: head, tail or head-tail",
                    ParamValidators.inArray(new String[] {"head", "tail", "head-tail"}));
            vocabularySize = new IntParam(owner, "vocabularySize", "most frequent tokens kept (4 special ones included)",
                    ParamValidators.gtEq(5));
            minCount = new IntParam(owner, "minCount", "tokens seen fewer times read as <unk>", ParamValidators.gtEq(1));
            workers = new IntParam(owner, "workers", "data-parallel Spark tasks", ParamValidators.gtEq(1));
            averagingPeriod = new IntParam(owner, "averagingPeriod", "minibatches each worker trains between parameter "
                    + "averages", ParamValidators.gtEq(1));
            classWeights = new Param<>(owner, "classWeights", "none, or balanced: each class weighs half the loss",
                    ParamValidators.inArray(new String[] {"none", "balanced"}));
            threshold = new DoubleParam(owner, "threshold", "a probability of label 1 at or above it predicts 1",
                    ParamValidators.inRange(0, 1, false, false));
            runDir = new Param<>(owner, "runDir", "Braid's run directory (checkpoints, metrics, model; a Hadoop path); "
                    + "empty: a new temporary one. A directory holding an interrupted run resumes it");
            verbose = new BooleanParam(owner, "verbose", "print the run's progress to standard output");
            owner.setDefault(inputCol, "words");
            owner.setDefault(labelCol, "label");
            owner.setDefault(outputCol, "prediction");
            owner.setDefault(probabilityCol, "probability");
            owner.setDefault(maxEpochs, 5);
            owner.setDefault(batchSize, 32);
            owner.setDefault(lr, 0.003);
            owner.setDefault(dropout, 0.2);
            owner.setDefault(validationSplit, 0.1);
            owner.setDefault(randomSeed, 42L);
            owner.setDefault(embeddingDim, 64);
            owner.setDefault(hiddenSize, 64);
            owner.setDefault(cell, "gru");
            owner.setDefault(pooling, "max");
            owner.setDefault(maxLength, 400);
            owner.setDefault(truncation, "head-tail");
            owner.setDefault(vocabularySize, 20000);
            owner.setDefault(minCount, 2);
            owner.setDefault(workers, 2);
            owner.setDefault(averagingPeriod, 5);
            owner.setDefault(classWeights, "none");
            owner.setDefault(threshold, 0.5);
            owner.setDefault(runDir, "");
            owner.setDefault(verbose, false);
        }
    }

    /** This stage's parameters. */
    Fields fields();

    /** This stage, for setters' chaining. */
    S self();

    // Spark ML finds a stage's parameters by its public no-argument methods returning a Param.
    default Param<String> inputCol() { return fields().inputCol; }
    default Param<String> labelCol() { return fields().labelCol; }
    default Param<String> outputCol() { return fields().outputCol; }
    default Param<String> probabilityCol() { return fields().probabilityCol; }
    default IntParam maxEpochs() { return fields().maxEpochs; }
    default IntParam batchSize() { return fields().batchSize; }
    default DoubleParam lr() { return fields().lr; }
    default DoubleParam dropout() { return fields().dropout; }
    default DoubleParam validationSplit() { return fields().validationSplit; }
    default LongParam randomSeed() { return fields().randomSeed; }
    default IntParam embeddingDim() { return fields().embeddingDim; }
    default IntParam hiddenSize() { return fields().hiddenSize; }
    default Param<String> cell() { return fields().cell; }
    default Param<String> pooling() { return fields().pooling; }
    default IntParam maxLength() { return fields().maxLength; }
    default Param<String> truncation() { return fields().truncation; }
    default IntParam vocabularySize() { return fields().vocabularySize; }
    default IntParam minCount() { return fields().minCount; }
    default IntParam workers() { return fields().workers; }
    default IntParam averagingPeriod() { return fields().averagingPeriod; }
    default Param<String> classWeights() { return fields().classWeights; }
    default DoubleParam threshold() { return fields().threshold; }
    default Param<String> runDir() { return fields().runDir; }
    default BooleanParam verbose() { return fields().verbose; }

    /** The value of {@code param} (its default where unset). */
    @SuppressWarnings("unchecked")
    default <T> T value(Param<?> param) {
        return (T) getOrDefault(param);
    }

    default S setInputCol(String v) { set(inputCol(), v); return self(); }
    default S setLabelCol(String v) { set(labelCol(), v); return self(); }
    default S setOutputCol(String v) { set(outputCol(), v); return self(); }
    default S setProbabilityCol(String v) { set(probabilityCol(), v); return self(); }
    default S setMaxEpochs(int v) { set(maxEpochs(), v); return self(); }
    default S setBatchSize(int v) { set(batchSize(), v); return self(); }
    default S setLr(double v) { set(lr(), v); return self(); }
    default S setDropout(double v) { set(dropout(), v); return self(); }
    default S setValidationSplit(double v) { set(validationSplit(), v); return self(); }
    default S setRandomSeed(long v) { set(randomSeed(), v); return self(); }
    default S setEmbeddingDim(int v) { set(embeddingDim(), v); return self(); }
    default S setHiddenSize(int v) { set(hiddenSize(), v); return self(); }
    default S setCell(String v) { set(cell(), v); return self(); }
    default S setPooling(String v) { set(pooling(), v); return self(); }
    default S setMaxLength(int v) { set(maxLength(), v); return self(); }
    default S setTruncation(String v) { set(truncation(), v); return self(); }
    default S setVocabularySize(int v) { set(vocabularySize(), v); return self(); }
    default S setMinCount(int v) { set(minCount(), v); return self(); }
    default S setWorkers(int v) { set(workers(), v); return self(); }
    default S setAveragingPeriod(int v) { set(averagingPeriod(), v); return self(); }
    default S setClassWeights(String v) { set(classWeights(), v); return self(); }
    default S setThreshold(double v) { set(threshold(), v); return self(); }
    default S setRunDir(String v) { set(runDir(), v); return self(); }
    default S setVerbose(boolean v) { set(verbose(), v); return self(); }

    /** True if {@code inputCol} is a string (cut into words here) rather than an array of tokens. */
    default boolean isString(StructType schema) {
        return schema.apply((String) value(inputCol())).dataType().equals(DataTypes.StringType);
    }

    /** {@code inputCol} is an array of strings or a string, else the error that says so. */
    default void checkInput(StructType schema) {
        String col = value(inputCol());
        if (!List.of(schema.fieldNames()).contains(col)) {
            throw new IllegalArgumentException("inputCol '" + col + "' is not a column of " + schema.simpleString()
                    + "; set inputCol to the tokens' column (e.g. a RegexTokenizer's outputCol).");
        }
        DataType t = schema.apply(col).dataType();
        if (!t.equals(DataTypes.StringType) && !(t instanceof ArrayType a && a.elementType().equals(DataTypes.StringType))) {
            throw new IllegalArgumentException("inputCol '" + col + "' is " + t.simpleString() + "; it must hold tokens "
                    + "(array<string>) or text (string).");
        }
    }

    /** {@code labelCol} is numeric. */
    default void checkLabel(StructType schema) {
        String col = value(labelCol());
        if (!List.of(schema.fieldNames()).contains(col) || !(schema.apply(col).dataType() instanceof NumericType)) {
            throw new IllegalArgumentException("labelCol '" + col + "' must be a numeric column of 0s and 1s in "
                    + schema.simpleString() + "; set labelCol, or index the classes with StringIndexer.");
        }
    }

    /** {@code schema} with the probability vector and the predicted label appended. */
    default StructType outputSchema(StructType schema) {
        for (Param<?> out : List.of(probabilityCol(), outputCol())) {
            if (List.of(schema.fieldNames()).contains((String) value(out))) {
                throw new IllegalArgumentException(out.name() + " '" + value(out) + "' is already a column; set "
                        + out.name() + " to a new name.");
            }
        }
        return schema.add((String) value(probabilityCol()), SQLDataTypes.VectorType(), false)
                .add((String) value(outputCol()), DataTypes.DoubleType, false);
    }

    /** The Braid configuration these parameters describe, as {@code key=value} overrides of {@code conf/base.conf}. */
    default List<String> overrides(boolean text) {
        String stack = String.format(Locale.ROOT, "[{type = embedding, name = embed, dim = %d}, {type = dropout, name = drop0, "
                + "rate = %s}, {type = bidirectional, name = birnn, layer {cell = %s, hidden = %d}}, {type = pool, name = "
                + "pool, mode = %s}, {type = dropout, name = drop1, rate = %s}]", (int) value(embeddingDim()), value(dropout()),
                value(cell()), (int) value(hiddenSize()), value(pooling()), value(dropout()));
        return List.of("name = sequence-classifier", "workload = classify", "seed = " + value(randomSeed()),
                "data.train = dataframe", "data.test = dataframe", "data.format = mail",
                "data.vocabulary.maxSize = " + value(vocabularySize()), "data.vocabulary.minCount = " + value(minCount()),
                "classify.tokens = " + (text ? "words" : "spaces"), "classify.maxLength = " + value(maxLength()),
                "classify.truncation = " + value(truncation()), "classify.validationFraction = " + value(validationSplit()),
                "classify.classWeights = " + value(classWeights()), "classify.baselines = false",
                "model.stack = " + stack, "model.head = {type = sigmoid, name = out, labels = 1}",
                "training.workers = " + value(workers()), "training.batchSize = " + value(batchSize()),
                "training.averagingPeriod = " + value(averagingPeriod()), "training.epochs = " + value(maxEpochs()),
                "training.stateful = false", "optimizer.learningRate = " + value(lr()), "optimizer.decay = cosine");
    }
}
