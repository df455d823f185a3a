package dev.braid.driver.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Rewrites a model or checkpoint directory's {@code manifest.sha256} for its current files (and drops
 * Hadoop's checksums): for tests that hand-edit a file to reach the checks behind the manifest.
 */
public final class Resign {
    private Resign() {
    }

    public static void manifest(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.list(dir)) {
            for (Path p : all.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    Files.delete(p);
                } else if (!name.equals(Manifest.FILE)) {
                    files.put(name, Files.readAllBytes(p));
                }
            }
        }
        Files.write(dir.resolve(Manifest.FILE), Manifest.withManifest(files).get(Manifest.FILE));
    }
}
