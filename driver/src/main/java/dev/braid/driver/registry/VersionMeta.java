package dev.braid.driver.registry;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.List;

/**
 * What a registry version records: its parent (the version current when it was trained, "" for the
 * first), the data partitions it was trained on, its held-out score and the parent's on the same
 * held-out set (lower is better; {@code scoreUnit} says what it is: bits/char for a language model,
 * WER for an encoder-decoder), and the promotion decision with its reason.
 */
public record VersionMeta(String version, String parent, List<String> dataPartitions, String heldOut,
                          @JsonAlias("bitsPerChar") double score, @JsonAlias("parentBitsPerChar") double parentScore,
                          String scoreUnit, boolean promote, String reason, String vocabularyPolicy, int vocabularySize,
                          String configHash, String createdAt) {
    public VersionMeta {
        // versions written before other workloads could be retrained were language models
        scoreUnit = scoreUnit == null ? "bits/char" : scoreUnit;
    }
}
