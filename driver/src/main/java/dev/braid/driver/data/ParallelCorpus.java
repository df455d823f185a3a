package dev.braid.driver.data;

import dev.braid.driver.UserError;
import dev.braid.driver.config.DataConfig;
import java.io.Serializable;
import java.util.zip.CRC32;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Source-target pairs read on the executors: TSV lines, or the CMU dictionary with its CRC32 split.
 * Malformed lines stop the job with the file, the line number and the fix.
 */
public final class ParallelCorpus {
    private ParallelCorpus() {
    }

    /** The three roles a dataset plays. */
    public enum Role { TRAIN, VALIDATION, TEST }

    /** One pair; {@code id} is its line index in the file. */
    public record Pair(long id, String source, String target) implements Serializable {
    }

    public static JavaRDD<Pair> read(JavaSparkContext sc, String path, DataConfig.Format format, Role role, int slices) {
        JavaRDD<String> lines = sc.textFile(path, slices);
        return switch (format) {
            case TSV -> lines.zipWithIndex().map(t -> tsv(path, t._2(), t._1()));
            case CMUDICT -> lines.zipWithIndex().filter(t -> !t._1().startsWith(";;;") && !t._1().isBlank())
                    .map(t -> cmudict(path, t._2(), t._1())).filter(p -> roleOf(p.source()) == role);
            case TEXT -> throw new IllegalArgumentException("text is not a pair format");
        };
    }

    public static Pair tsv(String path, long index, String line) {
        int tab = line.indexOf('\t');
        if (tab < 0) {
            throw new UserError(path + ":" + (index + 1) + " has no TAB: each line of a tsv pair file is "
                    + "source<TAB>target. Fix the line or set data.format to the file's format.");
        }
        return new Pair(index, line.substring(0, tab), line.substring(tab + 1));
    }

    /** {@code WORD  PH1 PH2 ...}: alternates {@code WORD(1)} become pairs of WORD; stress digits are stripped. */
    public static Pair cmudict(String path, long index, String line) {
        String[] parts = line.trim().split("\\s+", 2);
        if (parts.length < 2) {
            throw new UserError(path + ":" + (index + 1) + " is not a CMUdict entry (WORD  PH1 PH2 ...): '" + line + "'.");
        }
        String word = parts[0].replaceAll("\\(\\d+\\)$", "");
        return new Pair(index, word, parts[1].replaceAll("\\d", "").trim());
    }

    /** The CMUdict split: CRC32 of the lower-cased word, % 20: 0 test, 1 validation, else train. */
    /**
     * The pairs of {@code path} in this JVM (evaluation sets, interactive tools): read through the
     * Hadoop file system, parsed and filtered exactly as {@link #read} does.
     */
    public static java.util.List<Pair> readLocal(dev.braid.driver.io.Fs fs, String path, DataConfig.Format format, Role role) {
        java.util.List<Pair> out = new java.util.ArrayList<>();
        java.util.List<String> lines = fs.readText(fs.qualify(path)).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (format == DataConfig.Format.TSV) {
                out.add(tsv(path, i, line));
            } else if (format == DataConfig.Format.CMUDICT && !line.startsWith(";;;") && !line.isBlank()) {
                Pair p = cmudict(path, i, line);
                if (roleOf(p.source()) == role) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    public static Role roleOf(String word) {
        CRC32 crc = new CRC32();
        crc.update(word.toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long bucket = crc.getValue() % 20;
        return bucket == 0 ? Role.TEST : bucket == 1 ? Role.VALIDATION : Role.TRAIN;
    }
}
