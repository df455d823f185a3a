package dev.braid.driver.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * {@code manifest.sha256}: the SHA-256 of every other file of a checkpoint or model directory, in
 * {@code sha256sum} format ({@code <hex>  <name>} per line), so {@code sha256sum -c manifest.sha256}
 * checks a copy by hand too. Written last, in the same atomic directory write; checked on every load,
 * so a flipped bit, a truncated file or a file copied without Hadoop's hidden {@code .crc} is found
 * before it is used.
 */
public final class Manifest {
    public static final String FILE = "manifest.sha256";

    private Manifest() {
    }

    /** {@code files} with their manifest added. */
    public static Map<String, byte[]> withManifest(Map<String, byte[]> files) {
        StringBuilder text = new StringBuilder();
        files.forEach((name, bytes) -> text.append(Provenance.sha256(bytes)).append("  ").append(name).append('\n'));
        Map<String, byte[]> all = new LinkedHashMap<>(files);
        all.put(FILE, text.toString().getBytes(StandardCharsets.UTF_8));
        return all;
    }

    /** Whether {@code dir} has a manifest (directories written before manifests existed have none). */
    private static boolean present(Fs fs, Path dir) {
        return fs.exists(new Path(dir, FILE));
    }

    /**
     * The problems of {@code dir} against its manifest: no manifest, files missing, files whose SHA-256
     * differs, files it does not list. Empty when the directory is exactly what was written.
     */
    public static List<String> problems(Fs fs, Path dir) {
        List<String> problems = new ArrayList<>();
        if (!present(fs, dir)) {
            // every directory Braid writes has one: without it nothing could be checked
            problems.add(FILE + " is missing");
            return problems;
        }
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (String line : fs.readText(new Path(dir, FILE)).lines().filter(l -> !l.isBlank()).toList()) {
            int sep = line.indexOf("  ");
            if (sep != 64) {
                problems.add(FILE + " has a malformed line: " + line);
                continue;
            }
            String name = line.substring(sep + 2);
            listed.add(name);
            Path file = new Path(dir, name);
            if (!fs.exists(file)) {
                problems.add(name + " is missing");
            } else if (!Provenance.sha256(fs.readBytesUnchecked(file)).equals(line.substring(0, sep))) {
                problems.add(name + " does not match its SHA-256");
            }
        }
        for (Path p : fs.list(dir)) {
            String name = p.getName();
            // hidden files are Hadoop's checksums (.NAME.crc), not content
            if (!name.startsWith(".") && !name.equals(FILE) && !listed.contains(name)) {
                problems.add(name + " is not in " + FILE);
            }
        }
        return problems;
    }
}
