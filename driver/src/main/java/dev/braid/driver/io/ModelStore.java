package dev.braid.driver.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.braid.driver.UserError;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.model.LanguageModelSpec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Reads and writes model directories:
 * <pre>
 *   model.json       format version, architecture, parameter count, provenance
 *   vocabulary.json  the symbols, id order
 *   params.bin       parameters ({@link FloatArrays})
 *   optimizer.bin    optimizer state, for warm starts
 *   config.conf      the resolved configuration of the run
 * </pre>
 * A directory is written under a temporary name and renamed into place, so a crash never leaves a
 * half-written model where a complete one is expected.
 */
public final class ModelStore {
    public static final String FORMAT = "braid-model-1";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Fs fs;

    public ModelStore(Fs fs) {
        this.fs = fs;
    }

    record Manifest(String format, LanguageModelSpec spec, int parameters, Provenance provenance) {
    }

    public void save(Path dir, SavedModel model) {
        Manifest manifest = new Manifest(FORMAT, model.spec(), model.params().length, model.provenance());
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            files.put("model.json", JSON.writeValueAsBytes(manifest));
            files.put("vocabulary.json", JSON.writeValueAsBytes(model.vocabulary().symbols()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode model manifest", e);
        }
        files.put("params.bin", FloatArrays.encode(model.params()));
        files.put("optimizer.bin", FloatArrays.encode(model.optimizerState()));
        files.put("config.conf", model.config().getBytes(StandardCharsets.UTF_8));
        fs.writeDirectory(dir, files);
    }

    public SavedModel load(String location) {
        Path dir = fs.qualify(location);
        Path manifestPath = new Path(dir, "model.json");
        if (!fs.exists(manifestPath)) {
            throw new UserError("No Braid model at " + location + " (no model.json). Give --model the model/ directory "
                    + "of a run, for example runs/<name>-<time>/model.");
        }
        try {
            Manifest m = JSON.readValue(fs.readBytes(manifestPath), Manifest.class);
            if (!FORMAT.equals(m.format())) {
                throw new UserError("Model " + location + " has format " + m.format() + "; this Braid reads " + FORMAT + ".");
            }
            List<String> symbols = JSON.readValue(fs.readBytes(new Path(dir, "vocabulary.json")), new TypeReference<>() { });
            float[] params = FloatArrays.decode(fs.readBytes(new Path(dir, "params.bin")), location + "/params.bin");
            if (params.length != m.parameters()) {
                throw new UserError("Model " + location + ": params.bin holds " + params.length + " values, model.json says "
                        + m.parameters() + ". The directory is damaged; retrain or restore it.");
            }
            float[] opt = FloatArrays.decode(fs.readBytes(new Path(dir, "optimizer.bin")), location + "/optimizer.bin");
            String config = fs.readText(new Path(dir, "config.conf"));
            return new SavedModel(m.spec(), new Vocabulary(symbols), params, opt, config, m.provenance());
        } catch (java.io.IOException e) {
            throw new UserError("Model " + location + " cannot be read: " + e.getMessage(), e);
        }
    }
}
