package dev.braid.worker.infer;

import java.io.Serializable;

/**
 * How an encoder-decoder decodes, in one shape for evaluation and translation: greedy at
 * {@code beam = 1}, else beam search keeping {@code nbest} hypotheses, scores divided by
 * length^{@code lengthPenalty}, outputs of at most {@code maxLengthRatio} x the source length + 5,
 * sources decoded {@code batchSize} at a time.
 */
public record DecodeOptions(int beam, int nbest, double lengthPenalty, double maxLengthRatio, int batchSize)
        implements Serializable {
    public DecodeOptions {
        if (beam < 1 || nbest < 1 || nbest > beam || batchSize < 1) {
            throw new IllegalArgumentException("beam " + beam + ", nbest " + nbest + ", batch " + batchSize
                    + ": need 1 <= nbest <= beam and a batch >= 1");
        }
    }
}
