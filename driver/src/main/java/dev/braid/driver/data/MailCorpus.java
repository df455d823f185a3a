package dev.braid.driver.data;

import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import dev.braid.driver.spark.HadoopConf;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A labelled mail corpus on a Hadoop file system: one folder per class under a root (e.g. {@code ham/},
 * {@code spam/}; the classes in name order, so label 1 is the second), one raw mail per file. Read by
 * Spark tasks (each mail parsed where it is read, by {@link MailText}); the labels are checked on the
 * driver before Spark starts. A fixed, seeded split by file name says which mails are held out, the same
 * on every run, machine and partitioning.
 */
public final class MailCorpus {
    private MailCorpus() {
    }

    /** One mail: its file name, its class (index into the labels) and its text. */
    public record Doc(String name, int label, String text) implements Serializable {
    }

    /** The class folders under {@code root} in name order, or the error that says what a corpus must hold. */
    public static List<String> labels(Fs fs, String root) {
        Path dir = fs.qualify(root);
        if (!fs.isDirectory(dir)) {
            throw new UserError("Mail corpus " + root + " is not a directory; it holds one folder of mails per class "
                    + "(e.g. ham/ and spam/). Fetch it with scripts/fetch-datasets spam-assassin.");
        }
        List<String> labels = new ArrayList<>();
        for (Path p : fs.list(dir)) {
            if (fs.isDirectory(p) && !p.getName().startsWith(".") && !p.getName().startsWith("_")) {
                if (fs.list(p).stream().allMatch(fs::isDirectory)) {
                    throw new UserError("Mail corpus " + root + ": class folder " + p.getName() + " holds no files. Put its "
                            + "mails there (one raw RFC 822 mail per file) or remove the folder.");
                }
                labels.add(p.getName());
            }
        }
        if (labels.size() != 2) {
            throw new UserError("Mail corpus " + root + " has " + labels.size() + " class folder(s) " + labels + "; a binary "
                    + "classifier reads two (e.g. ham/ and spam/, the second the positive class).");
        }
        return labels;
    }

    /** A mail file to read: where it is, its name in the corpus and its class (-1: unknown). */
    public record Located(String path, String name, int label) implements Serializable {
    }

    /** Every mail under the class folders of {@code root}, parsed in Spark tasks. */
    public static JavaRDD<Doc> read(JavaSparkContext sc, Fs fs, String root, List<String> labels, int partitions) {
        List<Located> files = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            for (Path p : fs.list(new Path(fs.qualify(root), labels.get(i)))) {
                if (!fs.isDirectory(p) && !p.getName().startsWith(".") && !p.getName().startsWith("_")) {
                    files.add(new Located(p.toString(), p.getName(), i));
                }
            }
        }
        files.sort(java.util.Comparator.comparing(Located::name).thenComparing(Located::label));
        return read(sc, files, partitions);
    }

    /**
     * {@code files}, in their order, read and parsed in Spark tasks. The driver lists the files and the tasks
     * open them: Spark's {@code binaryFiles} packs thousands of small files into one split and deserialises the
     * whole split again for every file it returns, quadratic in the corpus (minutes for 6,000 mails).
     */
    public static JavaRDD<Doc> read(JavaSparkContext sc, List<Located> files, int partitions) {
        HadoopConf conf = new HadoopConf(sc.hadoopConfiguration());
        return sc.parallelize(files, Math.max(1, Math.min(partitions, files.size()))).map(f -> {
            Path path = new Path(f.path());
            byte[] bytes;
            try (var in = path.getFileSystem(conf.get()).open(path)) {
                bytes = in.readAllBytes();
            }
            return new Doc(f.name(), f.label(), MailText.parse(bytes).text());
        });
    }

    /**
     * Whether {@code key} falls in {@code fraction}: the first 7 bytes (56 bits) of its SHA-256 below that share. A
     * second split drawn from the rest must use a hash like this one: CRC32 is linear, so the CRC32s of
     * "42/name" and "43/name" differ by a constant and the second cut would not be independent of the first.
     */
    public static boolean inFraction(String key, double fraction) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long top = 0;
            for (int i = 0; i < 7; i++) {
                top = top << 8 | (h[i] & 0xff);
            }
            return top < fraction * (1L << 56);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the mail named {@code name} is held out: a seeded hash of its name below {@code fraction}. */
    public static boolean heldOut(String name, long seed, double fraction) {
        CRC32 crc = new CRC32();
        crc.update((seed + "/" + name).getBytes(StandardCharsets.UTF_8));
        return crc.getValue() < fraction * (1L << 32);
    }
}
