package dev.braid.driver.run;

import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.nn.Slot;
import dev.braid.worker.stack.EmbeddingSpec;
import dev.braid.worker.stack.LayerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Starts embedding tables from pretrained vectors ({@code pretrained} of an {@code embedding} layer): a
 * word2vec text file, an optional header line {@code count dim}, then one {@code symbol v1 .. vdim}
 * line per symbol. The rows of the symbols the vocabulary and the file share take the file's values;
 * the others keep their random start. An encoder's embedding reads the source vocabulary, the main
 * stack's the target (or only) one.
 */
public final class PretrainedEmbeddings {
    private PretrainedEmbeddings() {
    }

    /** Fills the tables of {@code spec}'s pretrained embeddings in {@code model}; one line per table for the log. */
    public static List<String> apply(Fs fs, ModelSpec spec, Map<String, Vocabulary> vocabularies, StackModel model) {
        List<String> log = new ArrayList<>();
        List<LayerSpec> layers = new ArrayList<>(spec.encoder());
        layers.addAll(spec.stack());
        for (int u = 0; u < layers.size(); u++) {
            if (layers.get(u) instanceof EmbeddingSpec e && !e.pretrained().isEmpty()) {
                Vocabulary vocab = vocabulary(vocabularies, u < spec.encoderUnits(), e);
                Map<String, float[]> vectors = read(fs, e.pretrained(), e.dim());
                int found = fill(model, e, vocab, vectors);
                log.add(String.format(Locale.ROOT, "Embedding %s: %,d of %,d symbols from %s (%,d vectors)%s", e.name(), found,
                        vocab.size(), e.pretrained(), vectors.size(), e.frozen() ? ", frozen" : ""));
            }
        }
        return log;
    }

    /**
     * Sets the rows of {@code e}'s table in {@code model} of the symbols of {@code vocab} that {@code vectors}
     * has (each of {@code e.dim()} values); the others keep their start. Returns how many were set.
     */
    public static int fill(StackModel model, EmbeddingSpec e, Vocabulary vocab, Map<String, float[]> vectors) {
        Slot table = model.layout().slot(e.name() + ".E");
        float[] values = new float[table.length()];
        model.params().read(table.offset(), values, 0, values.length);
        int found = 0;
        for (int id = 0; id < vocab.size(); id++) {
            float[] v = vectors.get(vocab.symbol(id));
            if (v != null) {
                System.arraycopy(v, 0, values, id * e.dim(), e.dim());
                found++;
            }
        }
        model.params().write(table.offset(), values, 0, values.length);
        model.params().modified();
        return found;
    }

    private static Vocabulary vocabulary(Map<String, Vocabulary> vocabularies, boolean encoder, EmbeddingSpec e) {
        String role = encoder ? "source" : vocabularies.containsKey("target") ? "target" : "tokens";
        Vocabulary v = vocabularies.get(role);
        if (v == null) {
            throw new UserError("embedding '" + e.name() + "' starts from " + e.pretrained() + ", but this workload's "
                    + "inputs have no vocabulary of symbols to match it against (it has " + vocabularies.keySet() + "). "
                    + "Set pretrained = \"\" for it.");
        }
        return v;
    }

    /** The vectors of a word2vec text file, each of {@code dim} values; errors name file and line. */
    static Map<String, float[]> read(Fs fs, String path, int dim) {
        Map<String, float[]> out = new HashMap<>();
        String[] lines = fs.readText(fs.qualify(path)).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (i == 0 && f.length == 2 && f[0].matches("\\d+") && f[1].matches("\\d+")) {
                if (Integer.parseInt(f[1]) != dim) {
                    throw new UserError(path + ":1: the vectors have " + f[1] + " dimensions; the embedding has dim = " + dim
                            + ". Set the embedding's dim to " + f[1] + ", or use vectors of " + dim + " dimensions.");
                }
                continue;
            }
            if (f.length != dim + 1) {
                throw new UserError(path + ":" + (i + 1) + ": expected a symbol and " + dim + " numbers (word2vec text "
                        + "format), found " + (f.length - 1) + " values after '" + f[0] + "'. Fix the line, or set the "
                        + "embedding's dim to the file's.");
            }
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
                try {
                    v[j] = Float.parseFloat(f[j + 1]);
                } catch (NumberFormatException ex) {
                    throw new UserError(path + ":" + (i + 1) + ": '" + f[j + 1] + "' (value " + (j + 1) + " of '" + f[0]
                            + "') is not a number. Fix the line.");
                }
                if (!Float.isFinite(v[j])) {
                    throw new UserError(path + ":" + (i + 1) + ": value " + (j + 1) + " of '" + f[0] + "' is " + f[j + 1]
                            + "; vectors must be finite. Fix the line.");
                }
            }
            out.put(f[0], v);
        }
        return out;
    }

    /** Before Spark starts: every pretrained file a config's stack names exists. */
    public static void check(Fs fs, dev.braid.driver.config.ModelConfig m) {
        for (int side = 0; side < 2; side++) {
            List<com.typesafe.config.Config> list = side == 0 ? m.encoder() : m.stack();
            for (int i = 0; i < list.size(); i++) {
                var item = list.get(i);
                if (item.hasPath("pretrained") && !item.getString("pretrained").isEmpty()
                        && !fs.exists(fs.qualify(item.getString("pretrained")))) {
                    throw new UserError((side == 0 ? "model.encoder[" : "model.stack[") + i + "]: pretrained = "
                            + item.getString("pretrained") + " does not exist; it is checked before training starts. Give "
                            + "a word2vec text file, or pretrained = \"\".");
                }
            }
        }
    }
}
