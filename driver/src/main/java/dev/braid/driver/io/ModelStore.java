package dev.braid.driver.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.UserError;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.Seq2SeqSpec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Reads and writes model directories:
 * <pre>
 *   model.json       format version, kind ({@value #STACK}), architecture, parameter count, provenance
 *   vocabulary-ROLE.json  the symbols of each vocabulary (tokens; or source and target), id order
 *   merges-ROLE.txt       a subword vocabulary's byte-pair merges, in the order learned
 *   params.bin       parameters ({@link FloatArrays})
 *   optimizer.bin    optimizer state, for warm starts
 *   config.conf      the resolved configuration of the run
 *   manifest.sha256  the SHA-256 of every file above ({@link Manifest})
 * </pre>
 * A directory is written under a temporary name and renamed into place, so a crash never leaves a
 * half-written model where a complete one is expected; every load checks the manifest first, so a
 * damaged copy is refused rather than used.
 */
public final class ModelStore {
    public static final String FORMAT = "braid-model-1";
    static final ObjectMapper JSON = Json.INDENTED;

    private final Fs fs;

    public ModelStore(Fs fs) {
        this.fs = fs;
    }

    /** {@code files}: the workload's files saved beside the model (absent, i.e. null, in models saved before them). */
    record Manifest(String format, String kind, JsonNode spec, int parameters, Provenance provenance, List<String> files) {
    }

    /** Every model is saved as a stack of layers. */
    static final String STACK = "stack";

    private static ModelSpec spec(Manifest m, String location) throws java.io.IOException {
        return switch (m.kind()) {
            case STACK -> JSON.treeToValue(m.spec(), ModelSpec.class);
            // the two kinds saved before models were stacks of layers: the same layers, parameters and layout
            case "language-model" -> JSON.treeToValue(m.spec(), LanguageModelSpec.class).stack();
            case "seq2seq" -> JSON.treeToValue(m.spec(), Seq2SeqSpec.class).stack();
            default -> throw new UserError("Model " + location + " is of unknown kind " + m.kind() + ".");
        };
    }

    public void save(Path dir, SavedModel model) {
        save(dir, model, Map.of());
    }

    /** Saves a model together with {@code extra} files in the same atomic directory write. */
    public void save(Path dir, SavedModel model, Map<String, byte[]> extra) {
        Manifest manifest = new Manifest(FORMAT, STACK, JSON.valueToTree(model.spec()), model.params().length,
                model.provenance(), model.files().keySet().stream().sorted().toList());
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            files.put("model.json", JSON.writeValueAsBytes(manifest));
            VocabularyFiles.put(files, model.vocabularies());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode model manifest", e);
        }
        files.put("params.bin", FloatArrays.encode(model.params()));
        files.put("optimizer.bin", FloatArrays.encode(model.optimizerState()));
        files.put("config.conf", model.config().getBytes(StandardCharsets.UTF_8));
        files.putAll(model.files());
        files.putAll(extra);
        fs.writeDirectory(dir, files);
    }

    /**
     * A model directory holds data only: a symbolic link in it (which would make Braid read a file
     * elsewhere) is refused. Local directories only; Hadoop's other file systems have no links to follow.
     */
    private void refuseLinks(Path dir, String location) {
        if (!"file".equals(dir.toUri().getScheme())) {
            return;
        }
        try (var entries = java.nio.file.Files.list(java.nio.file.Path.of(dir.toUri()))) {
            List<String> links = entries.filter(java.nio.file.Files::isSymbolicLink).map(p -> p.getFileName().toString())
                    .toList();
            if (!links.isEmpty()) {
                throw new UserError("Model " + location + " holds symbolic links (" + String.join(", ", links) + "); a model "
                        + "directory holds its own files only. Copy the files themselves into it (cp -L).");
            }
        } catch (java.io.IOException e) {
            throw new UserError("Cannot list model " + location + ": " + e.getMessage(), e);
        }
    }

    public SavedModel load(String location) {
        Path dir = fs.qualify(location);
        Path manifestPath = new Path(dir, "model.json");
        if (!fs.exists(manifestPath)) {
            throw new UserError("No Braid model at " + location + " (no model.json). Give --model the model/ directory "
                    + "of a run, for example runs/<name>-<time>/model.");
        }
        refuseLinks(dir, location);
        List<String> problems = dev.braid.driver.io.Manifest.problems(fs, dir);
        if (!problems.isEmpty()) {
            throw new UserError("Model " + location + " is damaged: " + String.join(", ", problems) + " ("
                    + dev.braid.driver.io.Manifest.FILE + "). Restore the directory from a copy, or retrain.");
        }
        try {
            Manifest m = JSON.readValue(fs.readBytesUnchecked(manifestPath), Manifest.class);
            if (!FORMAT.equals(m.format())) {
                throw new UserError("Model " + location + " has format " + m.format() + "; this Braid reads " + FORMAT + ".");
            }
            Map<String, Vocabulary> vocabs;
            try {
                vocabs = VocabularyFiles.read(fs, dir);
            } catch (IllegalArgumentException e) {
                throw new UserError("Model " + location + ": " + e.getMessage() + ". Restore the model directory from a "
                        + "copy, or retrain.", e);
            }
            float[] params = FloatArrays.decode(fs.readBytesUnchecked(new Path(dir, "params.bin")), location + "/params.bin");
            if (params.length != m.parameters()) {
                throw new UserError("Model " + location + ": params.bin holds " + params.length + " values, model.json says "
                        + m.parameters() + ". The directory is damaged; retrain or restore it.");
            }
            float[] opt = FloatArrays.decode(fs.readBytesUnchecked(new Path(dir, "optimizer.bin")), location + "/optimizer.bin");
            String config = new String(fs.readBytesUnchecked(new Path(dir, "config.conf")), StandardCharsets.UTF_8);
            Map<String, byte[]> own = new LinkedHashMap<>();
            for (String name : m.files() == null ? List.<String>of() : m.files()) {
                own.put(name, fs.readBytesUnchecked(new Path(dir, name)));
            }
            return new SavedModel(spec(m, location), vocabs, params, opt, config, m.provenance(), own);
        } catch (java.io.IOException e) {
            throw new UserError("Model " + location + " cannot be read: " + e.getMessage(), e);
        }
    }
}
