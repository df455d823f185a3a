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
import java.util.function.Consumer;
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
    /** A version's run directory names the retrain that writes it (its lock holder) in this file. */
    static final String CLAIM = ".retrain";
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

    /**
     * Claims the next version for the retrain holding {@code lock}: the first number after every written
     * version whose run directory it creates the claim of exclusively. A run directory left by a retrain whose
     * process is provably gone is removed and its number reused; one whose retrain may still be running (it lost
     * the lock while it trained, on another host) keeps its number, and this retrain takes the next.
     */
    public String claimNextVersion(RegistryLock lock, Consumer<String> say) {
        List<String> names = names();
        int n = names.isEmpty() ? 1 : Integer.parseInt(names.get(names.size() - 1).substring(1)) + 1;
        for (int tries = 0; tries < 1000; tries++) {
            String version = String.format("v%04d", n);
            Path run = run(version);
            Path claim = new Path(run, CLAIM);
            if (!fs.exists(run)) {
                fs.mkdirs(run);
                if (fs.createNew(claim, new String(RegistryLock.json(lock.holder()), StandardCharsets.UTF_8))) {
                    return version;
                }
            }
            Optional<RegistryLock.Holder> owner = fs.exists(claim) ? RegistryLock.parse(fs.readBytes(claim)) : Optional.empty();
            if (owner.map(RegistryLock.Holder::mayBeAlive).orElse(youngerThanGrace(run))) {
                say.accept(run + " belongs to a retrain " + owner.map(h -> "on " + h.host() + " (pid " + h.pid() + ")")
                        .orElse("starting now") + " that may still be running; this retrain writes the next version.");
                n++;
            } else {
                // the registry's own files: a retrain that died before it wrote this version
                say.accept("Removing " + run + ", left by an interrupted retrain.");
                fs.delete(run);
            }
        }
        throw new UserError("Registry " + root + ": no free version number after " + String.format("v%04d", n)
                + "; remove the run directories under " + new Path(root, "runs") + " that have no version.");
    }

    /** A run directory without a readable claim is its creator's while it may still be writing the claim. */
    private boolean youngerThanGrace(Path run) {
        try {
            long modified = fs.fileSystem(run).getFileStatus(run).getModificationTime();
            return System.currentTimeMillis() - modified < RegistryLock.WRITE_GRACE_SECONDS * 1000L;
        } catch (IOException e) {
            return false;
        }
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
