package dev.braid.driver.registry;

import java.util.List;

/**
 * What a registry version records: its parent (the version current when it was trained, "" for the
 * first), the data partitions it was trained on, its held-out bits per character and the parent's on
 * the same held-out set, and the promotion decision with its reason.
 */
public record VersionMeta(String version, String parent, List<String> dataPartitions, String heldOut,
                          double bitsPerChar, double parentBitsPerChar, boolean promote, String reason,
                          String vocabularyPolicy, int vocabularySize, String configHash, String createdAt) {
}
