package dev.braid.driver.data;

import dev.braid.driver.config.Seq2SeqConfig;
import dev.braid.worker.data.Tokenizer;
import dev.braid.worker.data.Vocabulary;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Encodes pairs with the source and target vocabularies and applies the length limits: an overlong
 * side is truncated to its maximum, or the pair is refused, per config. Empty sources or targets are
 * refused (nothing to learn from).
 */
public record PairEncoder(Vocabulary sourceVocab, Vocabulary targetVocab, Tokenizer sourceTokens, Tokenizer targetTokens,
                          int maxSource, int maxTarget, Seq2SeqConfig.Overlong overlong) implements Serializable {

    public enum Status { OK, TRUNCATED, REFUSED }

    /** An encoded pair; {@code target} holds the symbols only ({@code <s>}/{@code </s>} are added in batches). */
    public record Encoded(long id, int[] source, int[] target, Status status) implements Serializable {
    }

    public Encoded encode(ParallelCorpus.Pair p) {
        int[] src = sourceTokens.encode(sourceVocab, p.source());
        int[] tgt = targetTokens.encode(targetVocab, p.target());
        if (src.length == 0 || tgt.length == 0) {
            return new Encoded(p.id(), src, tgt, Status.REFUSED);
        }
        boolean over = src.length > maxSource || tgt.length > maxTarget;
        if (!over) {
            return new Encoded(p.id(), src, tgt, Status.OK);
        }
        if (overlong == Seq2SeqConfig.Overlong.REFUSE) {
            return new Encoded(p.id(), src, tgt, Status.REFUSED);
        }
        return new Encoded(p.id(), Arrays.copyOf(src, Math.min(src.length, maxSource)),
                Arrays.copyOf(tgt, Math.min(tgt.length, maxTarget)), Status.TRUNCATED);
    }
}
