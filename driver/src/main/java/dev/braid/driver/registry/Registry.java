package dev.braid.driver.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.io.Json;
import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.SavedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * A registry of model versions:
 * <pre>
 *   REG/current              the promoted version's name, e.g. "v0002"
 *   REG/versions/v0001/      model files + version.json, written once (temporary folder, then rename)
 *   REG/runs/v0001/          the training run that produced it (metrics, checkpoints, report)
 *   REG/lock                 held by the retrain in progress ({@link RegistryLock})
 * </pre>
 * Promotion writes the new pointer to a temporary file and renames it over {@code current} in one
 * atomic step, so a reader sees the old version or the new one, never a partial name.
 */
public final class Registry {
    private static final ObjectMapper JSON = Json.INDENTED;
    private final Fs fs;
    private final Path root;

    public Registry(Fs fs, Path root) {
        this.fs = fs;
        this.root = root;
        fs.mkdirs(new Path(root, "versions"));
    }

    public Path root() {
        return root;
    }

    public Path version(String name) {
        return new Path(new Path(root, "versions"), name);
    }

    public Path run(String name) {
        return new Path(new Path(root, "runs"), name);
    }

    public Optional<String> current() {
        Path pointer = new Path(root, "current");
        if (!fs.exists(pointer)) {
            return Optional.empty();
        }
        String name = fs.readText(pointer).trim();
        if (!name.matches("v\\d{4,}") || !fs.exists(new Path(version(name), "version.json"))) {
            throw new UserError("Registry pointer " + pointer + " names '" + name + "', which is not a complete version; "
                    + "point it at one of " + names() + ".");
        }
        return Optional.of(name);
    }

    /** Every version (promoted or not), oldest first. */
    public List<VersionMeta> versions() {
        List<VersionMeta> out = new ArrayList<>();
        for (String name : names()) {
            try {
                out.add(JSON.readValue(fs.readBytes(new Path(version(name), "version.json")), VersionMeta.class));
            } catch (IOException e) {
                throw new UserError("Registry version " + version(name) + " has an unreadable version.json: " + e.getMessage());
            }
        }
        return out;
    }

    private List<String> names() {
        return fs.list(new Path(root, "versions")).stream().map(Path::getName).filter(n -> n.matches("v\\d{4,}")).toList();
    }

    public String nextVersion() {
        List<String> names = names();
        int last = names.isEmpty() ? 0 : Integer.parseInt(names.get(names.size() - 1).substring(1));
        return String.format("v%04d", last + 1);
    }

    public SavedModel load(String name) {
        return new ModelStore(fs).load(version(name).toString());
    }

    /** Writes version {@code meta.version()} (model and version.json) as one atomic directory. */
    public void write(SavedModel model, VersionMeta meta) {
        Path dir = version(meta.version());
        if (fs.exists(dir)) {
            throw new IllegalStateException(dir + " exists: versions are immutable");
        }
        try {
            new ModelStore(fs).save(dir, model, Map.of("version.json", JSON.writeValueAsBytes(meta)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The newest version, when a retrain wrote it and decided to promote it but died before it did: its
     * parent is still current (or there is none yet), so the decision still holds.
     */
    public Optional<VersionMeta> decidedButNotPromoted() {
        List<VersionMeta> all = versions();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        VersionMeta newest = all.get(all.size() - 1);
        String current = current().orElse("");
        return newest.promote() && !newest.version().equals(current) && newest.parent().equals(current)
                ? Optional.of(newest) : Optional.empty();
    }

    /** Makes {@code name} current with one atomic rename over the pointer. */
    public void promote(String name) {
        Path pointer = new Path(root, "current");
        Path tmp = new Path(root, ".current.tmp-" + System.nanoTime());
        fs.writeAtomically(tmp, (name + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            FileContext.getFileContext(root.toUri(), fs.conf()).rename(tmp, pointer, Options.Rename.OVERWRITE);
        } catch (IOException e) {
            fs.deleteQuietly(tmp);
            throw new UncheckedIOException("promoting " + name, e);
        }
    }
}
