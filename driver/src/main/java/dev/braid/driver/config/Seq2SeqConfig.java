package dev.braid.driver.config;

import dev.braid.worker.data.Tokenizer;
import dev.braid.worker.seq2seq.AttentionType;

/**
 * The encoder-decoder workload: architecture beyond {@code model.*}, tokenisation, length limits,
 * batching by token budget, decoding, and model selection (early stopping, checkpoint averaging).
 */
public record Seq2SeqConfig(AttentionType attention, boolean bidirectional, int encoderLayers, int decoderLayers,
                            double labelSmoothing, int softmaxShortlist, boolean tieEmbeddings, boolean reverseSource, Tokenizer sourceTokens, Tokenizer targetTokens,
                            int maxSourceLength, int maxTargetLength, Overlong overlong, int tokensPerBatch, int beam,
                            double lengthPenalty, double maxLengthRatio, int patience, int averageLast,
                            Subwords subwords, Metric selectBy, String baselineDictionary) {

    /** What validation selects by: word (whole-sequence) error rate, corpus BLEU or chrF. */
    public enum Metric { WER, BLEU, CHRF }

    /**
     * Byte-pair merges learned for a side whose tokens are {@code bpe}: how many, and whether learned once
     * over both sides' words ({@code joint}) or per side.
     */
    public record Subwords(int merges, boolean joint) {
        public Subwords {
            Check.atLeast("merges", merges, 0);
        }
    }

    /** Whether {@code baselineDictionary} names a word-by-word dictionary. */
    public boolean hasDictionary() {
        return !baselineDictionary.isBlank();
    }

    /** What happens to a sequence longer than its maximum: cut to the maximum, or left out (and counted). */
    public enum Overlong { TRUNCATE, REFUSE }

    public Seq2SeqConfig {
        Check.atLeast("encoderLayers", encoderLayers, 1);
        Check.atLeast("decoderLayers", decoderLayers, 1);
        Check.range("labelSmoothing", labelSmoothing, 0, 1);
        Check.atLeast("softmaxShortlist", softmaxShortlist, 0);
        Check.atLeast("maxSourceLength", maxSourceLength, 1);
        Check.atLeast("maxTargetLength", maxTargetLength, 1);
        Check.atLeast("tokensPerBatch", tokensPerBatch, 1);
        Check.atLeast("beam", beam, 1);
        Check.nonNegative("lengthPenalty", lengthPenalty);
        Check.positive("maxLengthRatio", maxLengthRatio);
        Check.atLeast("patience", patience, 1);
        Check.atLeast("averageLast", averageLast, 0);
        if (tokensPerBatch < maxTargetLength + 1) {
            throw new InvalidValue("tokensPerBatch", tokensPerBatch, "must hold at least one target of maxTargetLength + 1 = "
                    + (maxTargetLength + 1) + " tokens");
        }
    }
}
