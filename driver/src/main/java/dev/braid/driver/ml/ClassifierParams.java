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
public interface ClassifierParams<S extends ClassifierParams<S>> extends TrainingParams<S> {

    /** The parameters of one estimator or model, with their defaults set on {@code owner}. */
    final class Fields extends TrainingParams.Common {
        private static final long serialVersionUID = 1L;
        final Param<String> labelCol;
        final Param<String> probabilityCol;
        final Param<String> pooling;
        final IntParam maxLength;
        final Param<String> truncation;
        final IntParam vocabularySize;
        final IntParam minCount;
        final Param<String> classWeights;
        final DoubleParam threshold;

        Fields(Params owner) {
            super(owner, "tokens: an array of strings (e.g. a RegexTokenizer's output), or a string cut into words",
                    "the predicted label, 0.0 or 1.0", "dropout after the embedding and after the pool");
            labelCol = new Param<>(owner, "labelCol", "the label, 0 or 1");
            probabilityCol = new Param<>(owner, "probabilityCol", "the probabilities of labels 0 and 1, a vector");
            pooling = new Param<>(owner, "pooling", "how the steps become one vector: max, mean, last or attention",
                    ParamValidators.inArray(new String[] {"max", "mean", "last", "attention"}));
            maxLength = new IntParam(owner, "maxLength", "tokens read of a row", ParamValidators.gtEq(1));
            truncation = new Param<>(owner, "truncation", "which tokens of a longer row: head, tail or head-tail",
                    ParamValidators.inArray(new String[] {"head", "tail", "head-tail"}));
            vocabularySize = new IntParam(owner, "vocabularySize", "most frequent tokens kept (4 special ones included)",
                    ParamValidators.gtEq(5));
            minCount = new IntParam(owner, "minCount", "tokens seen fewer times read as <unk>", ParamValidators.gtEq(1));
            classWeights = new Param<>(owner, "classWeights", "none, or balanced: each class weighs half the loss",
                    ParamValidators.inArray(new String[] {"none", "balanced"}));
            threshold = new DoubleParam(owner, "threshold", "a probability of label 1 at or above it predicts 1",
                    ParamValidators.inRange(0, 1, false, false));
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
        }
    }

    /** This stage's parameters. */
    Fields fields();

    @Override default TrainingParams.Common common() {
        return fields();
    }

    // Spark ML finds a stage's parameters by its public no-argument methods returning a Param.
    default Param<String> labelCol() { return fields().labelCol; }
    default Param<String> probabilityCol() { return fields().probabilityCol; }
    default Param<String> pooling() { return fields().pooling; }
    default IntParam maxLength() { return fields().maxLength; }
    default Param<String> truncation() { return fields().truncation; }
    default IntParam vocabularySize() { return fields().vocabularySize; }
    default IntParam minCount() { return fields().minCount; }
    default Param<String> classWeights() { return fields().classWeights; }
    default DoubleParam threshold() { return fields().threshold; }

    default S setLabelCol(String v) { set(labelCol(), v); return self(); }
    default S setProbabilityCol(String v) { set(probabilityCol(), v); return self(); }
    default S setPooling(String v) { set(pooling(), v); return self(); }
    default S setMaxLength(int v) { set(maxLength(), v); return self(); }
    default S setTruncation(String v) { set(truncation(), v); return self(); }
    default S setVocabularySize(int v) { set(vocabularySize(), v); return self(); }
    default S setMinCount(int v) { set(minCount(), v); return self(); }
    default S setClassWeights(String v) { set(classWeights(), v); return self(); }
    default S setThreshold(double v) { set(threshold(), v); return self(); }

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
        List<String> out = new java.util.ArrayList<>(trainingOverrides());
        out.addAll(List.of("name = sequence-classifier", "workload = classify",
                "data.train = dataframe", "data.test = dataframe", "data.format = mail",
                "data.vocabulary.maxSize = " + value(vocabularySize()), "data.vocabulary.minCount = " + value(minCount()),
                "classify.tokens = " + (text ? "words" : "spaces"), "classify.maxLength = " + value(maxLength()),
                "classify.truncation = " + value(truncation()), "classify.validationFraction = " + value(validationSplit()),
                "classify.classWeights = " + value(classWeights()), "classify.baselines = false",
                "model.stack = " + stack, "model.head = {type = sigmoid, name = out, labels = 1}",
                "training.stateful = false", "training.lossSpike = 0"));
        return out;
    }
}
