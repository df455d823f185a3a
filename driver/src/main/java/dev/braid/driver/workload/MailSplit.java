package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.data.MailCorpus;
import dev.braid.driver.data.MailCorpus.Doc;
import dev.braid.driver.io.Fs;
import dev.braid.worker.classify.DocumentEncoder;
import dev.braid.worker.classify.LabelledBatches.Example;
import dev.braid.worker.data.Vocabulary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * A classifier's corpus split three ways, the same on every run, machine and partitioning: the test set
 * ({@code data.test}: the mails of the training folder whose seeded name hash falls in
 * {@code classify.testFraction}, or every mail of another folder), the validation set (of the rest, those
 * whose SHA-256 of seed and name falls in {@code validationFraction}) and the training set (the others).
 */
public record MailSplit(List<String> labels, JavaRDD<Doc> all, JavaRDD<Doc> train, JavaRDD<Doc> validation,
                        JavaRDD<Doc> test, boolean heldOut) {
    static final String TRAIN = "train";
    static final String VALIDATION = "validation";
    static final String TEST = "test";

    /** The class folders of {@code data.train}, checked against {@code data.test}'s when it is another corpus. */
    static List<String> labels(Fs fs, BraidConfig cfg) {
        List<String> labels = MailCorpus.labels(fs, cfg.data().train());
        if (!sameCorpus(fs, cfg)) {
            List<String> test = MailCorpus.labels(fs, cfg.data().test());
            if (!test.equals(labels)) {
                throw new UserError("data.test " + cfg.data().test() + " has the class folders " + test + "; data.train "
                        + cfg.data().train() + " has " + labels + ". Give a test corpus of the same classes, or data.test = "
                        + "data.train to hold out classify.testFraction of it.");
            }
        }
        return labels;
    }

    /** The mail folders {@code cfg} names. */
    static ClassifyWorkload.Documents folders(BraidConfig cfg) {
        return new ClassifyWorkload.Documents() {
            @Override public Map<String, String> inputs() {
                Map<String, String> in = new LinkedHashMap<>();
                in.put("data.train", cfg.data().train());
                in.put("data.test", cfg.data().test());
                return in;
            }

            @Override public void preflight(Fs fs) {
                MailSplit.labels(fs, cfg);
            }

            @Override public MailSplit read(JavaSparkContext sc, Fs fs, String train) {
                return MailSplit.read(sc, fs, cfg, train);
            }
        };
    }

    static boolean sameCorpus(Fs fs, BraidConfig cfg) {
        return fs.qualify(cfg.data().train()).equals(fs.qualify(cfg.data().test()));
    }

    /** The corpus {@code cfg} names, read by Spark and split (each part cached until {@link #release}). */
    static MailSplit read(JavaSparkContext sc, Fs fs, BraidConfig cfg, String trainRoot) {
        List<String> labels = labels(fs, cfg);
        int partitions = Math.max(cfg.training().workers(), sc.defaultParallelism());
        StorageLevel level = StorageLevel.MEMORY_AND_DISK();
        // parsed once, cached; the parts are filters of it
        JavaRDD<Doc> all = MailCorpus.read(sc, fs, trainRoot, labels, partitions).persist(level);
        boolean same = sameCorpus(fs, cfg);
        long seed = cfg.classify().splitSeed();
        double tf = cfg.classify().testFraction();
        double vf = cfg.classify().validationFraction();
        JavaRDD<Doc> test = same ? all.filter(d -> part(d.name(), seed, tf, vf, true).equals(TEST))
                : MailCorpus.read(sc, fs, cfg.data().test(), labels, partitions).persist(level);
        JavaRDD<Doc> validation = all.filter(d -> part(d.name(), seed, tf, vf, same).equals(VALIDATION));
        JavaRDD<Doc> train = all.filter(d -> part(d.name(), seed, tf, vf, same).equals(TRAIN));
        return new MailSplit(labels, all, train, validation, test, same);
    }

    /**
     * Documents given by the caller (a DataFrame's rows), cached: {@code validationFraction} of them (by
     * name) held out to pick the epoch, the rest trained on, no test set (the caller evaluates).
     */
    public static MailSplit given(List<String> labels, JavaRDD<Doc> docs, long seed, double validationFraction) {
        JavaRDD<Doc> all = docs.persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<Doc> validation = all.filter(d -> part(d.name(), seed, 0, validationFraction, false).equals(VALIDATION));
        JavaRDD<Doc> train = all.filter(d -> part(d.name(), seed, 0, validationFraction, false).equals(TRAIN));
        return new MailSplit(labels, all, train, validation, all.filter(d -> false), false);
    }

    /**
     * Which part the mail named {@code name} belongs to under {@code classify.testFraction} and
     * {@code validationFraction}; {@code heldOut}: the test set is cut from the same corpus.
     */
    static String part(String name, long seed, double testFraction, double validationFraction, boolean heldOut) {
        if (heldOut && MailCorpus.heldOut(name, seed, testFraction)) {
            return TEST;
        }
        return validationFraction > 0 && MailCorpus.inFraction(seed + "/validation/" + name, validationFraction)
                ? VALIDATION : TRAIN;
    }

    /** {@code docs} encoded as the model reads them; each name prefixed with its class folder (unique within a corpus). */
    JavaRDD<Example> encoded(JavaRDD<Doc> docs, DocumentEncoder encoder, Vocabulary vocabulary) {
        List<String> names = labels;
        return docs.map(d -> new Example(names.get(d.label()) + "/" + d.name(), d.label(), encoder.encode(vocabulary, d.text())));
    }

    public void release() {
        all.unpersist(false);
        test.unpersist(false);
    }
}
