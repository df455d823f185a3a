package dev.braid.driver.data;

import dev.braid.worker.data.SequenceEncoder;
import java.io.Serializable;


/**
 * Encodes pairs with the source and target sides' encoders, which apply the length limits (truncate, or
 * refuse the pair, per config). Empty sources or targets are refused (nothing to learn from).
 */
public record PairEncoder(SequenceEncoder source, SequenceEncoder target) implements Serializable {

    public enum Status { OK, TRUNCATED, REFUSED }

    /** An encoded pair; {@code target} holds the symbols only ({@code <s>}/{@code </s>} are added in batches). */
    public record Encoded(long id, int[] source, int[] target, Status status) implements Serializable {
    }

    public Encoded encode(ParallelCorpus.Pair p) {
        SequenceEncoder.Encoded src = source.encode(p.source());
        SequenceEncoder.Encoded tgt = target.encode(p.target());
        Status status = !src.usable() || !tgt.usable() ? Status.REFUSED
                : src.status() == SequenceEncoder.Status.TRUNCATED || tgt.status() == SequenceEncoder.Status.TRUNCATED
                ? Status.TRUNCATED : Status.OK;
        return new Encoded(p.id(), src.ids(), tgt.ids(), status);
    }
}
