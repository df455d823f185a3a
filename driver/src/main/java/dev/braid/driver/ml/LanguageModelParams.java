package dev.braid.driver.ml;

import java.util.List;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The parameters of {@link LanguageModel} and its {@link TrainedLanguageModel}, their defaults in one place ({@link Fields}). */
public interface LanguageModelParams<S extends LanguageModelParams<S>> extends TrainingParams<S> {

    Fields fields();

    @Override default TrainingParams.Common common() {
        return fields();
    }

    default IntParam seqLength() { return fields().seqLength; }
    default IntParam layers() { return fields().layers; }
    default IntParam vocabularySize() { return fields().vocabularySize; }

    default S setSeqLength(int v) { set(seqLength(), v); return self(); }
    default S setLayers(int v) { set(layers(), v); return self(); }
    default S setVocabularySize(int v) { set(vocabularySize(), v); return self(); }

    /** {@code inputCol} is a string column, else the error that says so. */
    default void checkText(StructType schema) {
        String col = value(inputCol());
        if (!List.of(schema.fieldNames()).contains(col) || !schema.apply(col).dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("inputCol '" + col + "' must be a string column of " + schema.simpleString()
                    + "; set inputCol to the text's column.");
        }
    }

    /** A language model's parameters. */
    final class Fields extends TrainingParams.Common {
        private static final long serialVersionUID = 1L;
        final IntParam seqLength;
        final IntParam layers;
        final IntParam vocabularySize;

        Fields(Params owner) {
            super(owner, "the text, a string (rows in order are consecutive lines)", "bits per character of each row's "
                    + "text, from a zero state", "dropout after each recurrent layer");
            seqLength = new IntParam(owner, "seqLength", "truncated backpropagation: characters of a segment",
                    ParamValidators.gtEq(2));
            layers = new IntParam(owner, "layers", "recurrent layers", ParamValidators.gtEq(1));
            vocabularySize = new IntParam(owner, "vocabularySize", "most frequent characters kept (4 special symbols "
                    + "included)", ParamValidators.gtEq(5));
            owner.setDefault(inputCol, "text");
            owner.setDefault(outputCol, "bitsPerChar");
            owner.setDefault(maxEpochs, 1);
            owner.setDefault(batchSize, 32);
            owner.setDefault(lr, 0.002);
            owner.setDefault(dropout, 0.1);
            owner.setDefault(validationSplit, 0.1);
            owner.setDefault(randomSeed, 42L);
            owner.setDefault(embeddingDim, 64);
            owner.setDefault(hiddenSize, 256);
            owner.setDefault(cell, "lstm");
            owner.setDefault(workers, 2);
            owner.setDefault(averagingPeriod, 10);
            owner.setDefault(seqLength, 100);
            owner.setDefault(layers, 2);
            owner.setDefault(vocabularySize, 512);
        }
    }
}
