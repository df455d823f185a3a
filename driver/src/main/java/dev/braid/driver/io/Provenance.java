package dev.braid.driver.io;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a model came from: the code (git commit), the configuration (hash of the resolved config),
 * the data (a content fingerprint of the encoded training blocks, which a resumed run checks), the seed, and
 * the model it was warm-started from ("" for a model trained from its seed).
 */
public record Provenance(String gitCommit, String configHash, String dataFingerprint, long seed, String createdAt,
                         String trainedFor, String warmStartedFrom) {

    public Provenance {
        // model.json files written before warm starts were recorded lack the field
        warmStartedFrom = warmStartedFrom == null ? "" : warmStartedFrom;
    }

    /** The same provenance with the training time known at the end. */
    public Provenance trainedFor(double seconds) {
        return new Provenance(gitCommit, configHash, dataFingerprint, seed, createdAt,
                String.format(java.util.Locale.ROOT, "%.0f s", seconds), warmStartedFrom);
    }

    /** The same provenance for a model whose training started from {@code parent}'s parameters. */
    public Provenance warmStartedFrom(String parent) {
        return new Provenance(gitCommit, configHash, dataFingerprint, seed, createdAt, trainedFor, parent);
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The commit of the checkout the jar was built from ({@code braid/build.properties}), or "unknown". */
    public static String currentCommit() {
        try (var in = Provenance.class.getClassLoader().getResourceAsStream("braid/build.properties")) {
            if (in == null) {
                return "unknown";
            }
            var props = new java.util.Properties();
            props.load(in);
            return props.getProperty("git.commit", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /**
     * Provenance of a model trained now on data whose content fingerprint is {@code dataFingerprint}
     * (the workload's, over the encoded training blocks) with {@code config}.
     */
    public static Provenance of(String dataFingerprint, String config, long seed, double trainedSeconds) {
        return new Provenance(currentCommit(), sha256(config), dataFingerprint, seed, java.time.Instant.now().toString(),
                String.format(java.util.Locale.ROOT, "%.0f s", trainedSeconds), "");
    }
}
