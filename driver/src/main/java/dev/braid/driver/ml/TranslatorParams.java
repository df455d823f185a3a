package dev.braid.driver.ml;

import java.util.List;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The parameters of {@link Seq2SeqTranslator} and its {@link TrainedTranslator}, their defaults in one place ({@link Fields}). */
public interface TranslatorParams<S extends TranslatorParams<S>> extends TrainingParams<S> {

    Fields fields();

    @Override default TrainingParams.Common common() {
        return fields();
    }

    default Param<String> targetCol() { return fields().targetCol; }
    default Param<String> sourceTokens() { return fields().sourceTokens; }
    default Param<String> targetTokens() { return fields().targetTokens; }
    default Param<String> attention() { return fields().attention; }
    default IntParam encoderLayers() { return fields().encoderLayers; }
    default IntParam decoderLayers() { return fields().decoderLayers; }
    default IntParam tokensPerBatch() { return fields().tokensPerBatch; }
    default IntParam maxLength() { return fields().maxLength; }
    default IntParam beam() { return fields().beam; }
    default IntParam patience() { return fields().patience; }
    default IntParam vocabularySize() { return fields().vocabularySize; }

    default S setTargetCol(String v) { set(targetCol(), v); return self(); }
    default S setSourceTokens(String v) { set(sourceTokens(), v); return self(); }
    default S setTargetTokens(String v) { set(targetTokens(), v); return self(); }
    default S setAttention(String v) { set(attention(), v); return self(); }
    default S setEncoderLayers(int v) { set(encoderLayers(), v); return self(); }
    default S setDecoderLayers(int v) { set(decoderLayers(), v); return self(); }
    default S setTokensPerBatch(int v) { set(tokensPerBatch(), v); return self(); }
    default S setMaxLength(int v) { set(maxLength(), v); return self(); }
    default S setBeam(int v) { set(beam(), v); return self(); }
    default S setPatience(int v) { set(patience(), v); return self(); }
    default S setVocabularySize(int v) { set(vocabularySize(), v); return self(); }

    /** {@code column} is a string column of {@code schema}, else the error that says which parameter to set. */
    default void checkString(StructType schema, Param<String> column) {
        String col = value(column);
        if (!List.of(schema.fieldNames()).contains(col) || !schema.apply(col).dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException(column.name() + " '" + col + "' must be a string column of "
                    + schema.simpleString() + "; set " + column.name() + ".");
        }
    }

    /** An encoder-decoder's parameters. */
    final class Fields extends TrainingParams.Common {
        private static final long serialVersionUID = 1L;
        final Param<String> targetCol;
        final Param<String> sourceTokens;
        final Param<String> targetTokens;
        final Param<String> attention;
        final IntParam encoderLayers;
        final IntParam decoderLayers;
        final IntParam tokensPerBatch;
        final IntParam maxLength;
        final IntParam beam;
        final IntParam patience;
        final IntParam vocabularySize;

        Fields(Params owner) {
            super(owner, "the source text, a string", "the translation, a string", "dropout between the recurrent layers");
            String[] tokens = {"chars", "symbols", "bpe"};
            targetCol = new Param<>(owner, "targetCol", "the reference translation, a string (training only)");
            sourceTokens = new Param<>(owner, "sourceTokens", "source symbols: chars, symbols (whitespace-separated) or bpe "
                    + "(subwords learned with Spark)", ParamValidators.inArray(tokens));
            targetTokens = new Param<>(owner, "targetTokens", "target symbols: chars, symbols or bpe",
                    ParamValidators.inArray(tokens));
            attention = new Param<>(owner, "attention", "attention score: luong or bahdanau",
                    ParamValidators.inArray(new String[] {"luong", "bahdanau"}));
            encoderLayers = new IntParam(owner, "encoderLayers", "bidirectional encoder layers", ParamValidators.gtEq(1));
            decoderLayers = new IntParam(owner, "decoderLayers", "decoder layers", ParamValidators.gtEq(1));
            tokensPerBatch = new IntParam(owner, "tokensPerBatch", "target tokens of a length-bucketed batch",
                    ParamValidators.gtEq(8));
            maxLength = new IntParam(owner, "maxLength", "symbols of a source or target kept (longer ones truncated)",
                    ParamValidators.gtEq(1));
            beam = new IntParam(owner, "beam", "beam width of the translations (1: greedy)", ParamValidators.gtEq(1));
            patience = new IntParam(owner, "patience", "epochs without a better validation score before training stops",
                    ParamValidators.gtEq(1));
            vocabularySize = new IntParam(owner, "vocabularySize", "symbols kept per side (4 special ones included)",
                    ParamValidators.gtEq(5));
            owner.setDefault(inputCol, "source");
            owner.setDefault(targetCol, "target");
            owner.setDefault(outputCol, "translation");
            owner.setDefault(maxEpochs, 10);
            owner.setDefault(batchSize, 32);
            owner.setDefault(lr, 0.002);
            owner.setDefault(dropout, 0.1);
            owner.setDefault(validationSplit, 0.05);
            owner.setDefault(randomSeed, 42L);
            owner.setDefault(embeddingDim, 64);
            owner.setDefault(hiddenSize, 256);
            owner.setDefault(cell, "lstm");
            owner.setDefault(workers, 2);
            owner.setDefault(averagingPeriod, 10);
            owner.setDefault(sourceTokens, "chars");
            owner.setDefault(targetTokens, "chars");
            owner.setDefault(attention, "luong");
            owner.setDefault(encoderLayers, 1);
            owner.setDefault(decoderLayers, 1);
            owner.setDefault(tokensPerBatch, 2048);
            owner.setDefault(maxLength, 64);
            owner.setDefault(beam, 3);
            owner.setDefault(patience, 4);
            owner.setDefault(vocabularySize, 512);
        }
    }
}
