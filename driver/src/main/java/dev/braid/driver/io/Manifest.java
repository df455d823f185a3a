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
    public static boolean present(Fs fs, Path dir) {
        return fs.exists(new Path(dir, FILE));
    }

    /**
     * The problems of {@code dir} against its manifest: files missing, or whose SHA-256 differs. Empty
     * when every listed file is intact.
     */
    public static List<String> problems(Fs fs, Path dir) {
        List<String> problems = new ArrayList<>();
        for (String line : fs.readText(new Path(dir, FILE)).lines().filter(l -> !l.isBlank()).toList()) {
            int sep = line.indexOf("  ");
            if (sep != 64) {
                problems.add(FILE + " has a malformed line: " + line);
                continue;
            }
            String name = line.substring(sep + 2);
            Path file = new Path(dir, name);
            if (!fs.exists(file)) {
                problems.add(name + " is missing");
            } else if (!Provenance.sha256(fs.readBytesUnchecked(file)).equals(line.substring(0, sep))) {
                problems.add(name + " does not match its SHA-256");
            }
        }
        return problems;
    }
}
