package dev.braid.driver.data;

import dev.braid.driver.UserError;
import dev.braid.driver.config.DataConfig;
import dev.braid.driver.io.StrictText;
import java.io.Serializable;
import java.util.Optional;
import java.util.zip.CRC32;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;

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

    /**
     * The pairs of {@code path} in {@code data.format()} for {@code role}, read on the executors. Bad
     * lines (invalid UTF-8, NUL bytes, a TSV line without exactly one TAB) stop the job with file:line,
     * or, with {@code data.badLines = skip}, are left out and counted in {@code skipped} (may be null).
     */
    public static JavaRDD<Pair> read(JavaSparkContext sc, String path, DataConfig data, Role role, int slices,
                                     LongAccumulator skipped) {
        DataConfig.Format format = data.format();
        boolean skip = data.skipBadLines();
        if (format == DataConfig.Format.TEXT) {
            throw new IllegalArgumentException("text is not a pair format");
        }
        return sc.hadoopFile(path, TextInputFormat.class, LongWritable.class, Text.class, slices).values()
                .map(Text::copyBytes).zipWithIndex()
                .flatMap(t -> {
                    Optional<Pair> p = parse(path, t._2(), t._1(), format, skip);
                    if (p.isEmpty() && skipped != null && !(format == DataConfig.Format.CMUDICT && comment(t._1()))) {
                        skipped.add(1);
                    }
                    return p.filter(x -> format != DataConfig.Format.CMUDICT || roleOf(x.source()) == role).stream()
                            .iterator();
                });
    }

    private static boolean comment(byte[] line) {
        String s = new String(line, java.nio.charset.StandardCharsets.UTF_8);
        return s.startsWith(";;;") || s.isBlank();
    }

    /** Line {@code index} (0-based) of {@code path} as a pair, or empty (a comment; a bad line with {@code skip}). */
    static Optional<Pair> parse(String path, long index, byte[] bytes, DataConfig.Format format, boolean skip) {
        Optional<String> line = StrictText.line(bytes, 0, bytes.length, path, index + 1, skip);
        if (line.isEmpty()) {
            return Optional.empty();
        }
        if (format == DataConfig.Format.CMUDICT) {
            if (line.get().startsWith(";;;") || line.get().isBlank()) {
                return Optional.empty();
            }
            if (line.get().indexOf('\t') >= 0) {
                // a TSV pair file read as CMUdict would pass: the first word as the source, the rest as phonemes
                if (skip) {
                    return Optional.empty();
                }
                throw new UserError(path + ":" + (index + 1) + " holds a TAB; a CMUdict entry is WORD  PH1 PH2 ... "
                        + "separated by spaces, so this looks like a source<TAB>target file. Train on it with "
                        + "data.format = tsv (a model trained on CMUdict reads CMUdict-format files), or set "
                        + "data.badLines = skip to leave such lines out (counted).");
            }
            return Optional.of(cmudict(path, index, line.get()));
        }
        return tsv(path, index, line.get(), skip);
    }

    static Optional<Pair> tsv(String path, long index, String line, boolean skip) {
        int tab = line.indexOf('\t');
        int columns = (int) line.chars().filter(c -> c == '\t').count() + 1;
        if (columns == 2) {
            return Optional.of(new Pair(index, line.substring(0, tab), line.substring(tab + 1)));
        }
        if (skip) {
            return Optional.empty();
        }
        throw new UserError(path + ":" + (index + 1) + " has " + (columns == 1 ? "no TAB" : columns + " columns")
                + ": each line of a tsv pair file is source<TAB>target, exactly two columns. Fix the line, set "
                + "data.format to the file's format, or set data.badLines = skip to leave such lines out (counted).");
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

    /**
     * The pairs of {@code path} in this JVM (evaluation sets, interactive tools): read through the
     * Hadoop file system, parsed and filtered exactly as {@link #read} does.
     */
    public static java.util.List<Pair> readLocal(dev.braid.driver.io.Fs fs, String path, DataConfig data, Role role) {
        java.util.List<Pair> out = new java.util.ArrayList<>();
        byte[] bytes = fs.readBytes(fs.qualify(path));
        long index = 0;
        for (int start = 0; start < bytes.length; index++) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            parse(path, index, java.util.Arrays.copyOfRange(bytes, start, stop), data.format(), data.skipBadLines())
                    .filter(p -> data.format() != DataConfig.Format.CMUDICT || roleOf(p.source()) == role)
                    .ifPresent(out::add);
            start = end + 1;
        }
        return out;
    }

    /** The CMUdict split: CRC32 of the lower-cased word, % 20: 0 test, 1 validation, else train. */
    public static Role roleOf(String word) {
        CRC32 crc = new CRC32();
        crc.update(word.toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long bucket = crc.getValue() % 20;
        return bucket == 0 ? Role.TEST : bucket == 1 ? Role.VALIDATION : Role.TRAIN;
    }
}
