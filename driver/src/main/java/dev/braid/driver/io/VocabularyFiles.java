package dev.braid.driver.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.worker.data.Bpe;
import dev.braid.worker.data.Vocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Vocabularies by role as models and checkpoints keep them: {@code vocabulary-ROLE.json} (the symbols in
 * id order) and, for a subword vocabulary, {@code merges-ROLE.txt} (its byte-pair merges in the order
 * learned, one {@code left right} pair per line, as subword-nmt writes its codes).
 */
public final class VocabularyFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VOCABULARY = "vocabulary-";
    private static final String MERGES = "merges-";

    private VocabularyFiles() {
    }

    /** Adds the files of {@code vocabularies} to {@code files}. */
    public static void put(Map<String, byte[]> files, Map<String, Vocabulary> vocabularies) {
        try {
            for (var v : vocabularies.entrySet()) {
                files.put(VOCABULARY + v.getKey() + ".json", JSON.writeValueAsBytes(v.getValue().symbols()));
                if (v.getValue().bpe() != null) {
                    StringBuilder sb = new StringBuilder();
                    for (String[] m : v.getValue().bpe().merges()) {
                        sb.append(m[0]).append(' ').append(m[1]).append('\n');
                    }
                    files.put(MERGES + v.getKey() + ".txt", sb.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a vocabulary", e);
        }
    }

    /**
     * The vocabularies in {@code dir}; a file that is not what Braid wrote throws
     * {@link IllegalArgumentException} naming it.
     */
    public static Map<String, Vocabulary> read(Fs fs, Path dir) throws IOException {
        Map<String, Vocabulary> out = new LinkedHashMap<>();
        for (Path p : fs.list(dir)) {
            String name = p.getName();
            if (name.startsWith(VOCABULARY) && name.endsWith(".json")) {
                String role = name.substring(VOCABULARY.length(), name.length() - ".json".length());
                List<String> symbols = JSON.readValue(fs.readBytesUnchecked(p), new TypeReference<>() { });
                Path merges = new Path(dir, MERGES + role + ".txt");
                try {
                    out.put(role, new Vocabulary(symbols, fs.exists(merges) ? bpe(fs.readBytesUnchecked(merges),
                            merges.getName()) : null));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + " is not a vocabulary Braid wrote (" + e.getMessage() + ")", e);
                }
            }
        }
        return out;
    }

    private static Bpe bpe(byte[] bytes, String name) {
        List<String[]> merges = new ArrayList<>();
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty() && i == lines.length - 1) {
                break;
            }
            String[] pair = lines[i].split(" ", -1);
            if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + " is not a merge 'left right'");
            }
            merges.add(pair);
        }
        return new Bpe(merges);
    }
}
