package dev.braid.driver.workload;

import dev.braid.driver.data.MailCorpus;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.SavedModel;
import dev.braid.worker.classify.DocumentEncoder;
import dev.braid.worker.classify.DocumentScorer;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.BinaryMetrics;
import dev.braid.worker.classify.LabelledBatches.Example;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.StackModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A classifier's probabilities for encoded documents as a Spark job: the model broadcast once, built once
 * per partition, each partition's documents scored in batches of similar lengths
 * ({@link DocumentScorer}); only (name, label, probability) come back to the driver, in name order.
 */
public final class ClassifyJob {
    /** Rows of a scoring batch. */
    private static final int ROWS = 64;

    private ClassifyJob() {
    }

    /** One document's probability of label 1 (its label as given, -1 when unknown). */
    public record Scored(String name, int label, double probability) implements Serializable {
    }

    private record Model(ModelSpec spec, float[] params) implements Serializable {
    }

    /** The probabilities the model of {@code spec} with {@code params} gives {@code examples}, in name order. */
    public static List<Scored> score(JavaSparkContext sc, ModelSpec spec, float[] params, JavaRDD<Example> examples) {
        Broadcast<Model> model = sc.broadcast(new Model(spec, params));
        try {
            List<Scored> out = new ArrayList<>(examples.mapPartitions(it -> scorePartition(model.value(), it)).collect());
            out.sort(Comparator.comparing(Scored::name));
            return out;
        } finally {
            model.destroy();
        }
    }

    /**
     * Every file under {@code input} (a mail, or a folder searched recursively) read as a mail and scored by
     * {@code model}; a file in a folder named as one of the model's classes is labelled so (-1 otherwise), and
     * named by its path under {@code input}.
     */
    public static List<Scored> files(JavaSparkContext sc, Fs fs, SavedModel model, String location, String input) {
        SavedClassifier meta = SavedClassifier.of(model, location);
        org.apache.hadoop.fs.Path root = fs.qualify(input);
        List<MailCorpus.Located> files = new ArrayList<>();
        if (fs.isDirectory(root)) {
            collect(fs, root, "", meta.labels(), -1, files);
        } else {
            files.add(new MailCorpus.Located(root.toString(), root.getName(), -1));
        }
        DocumentEncoder encoder = meta.encoder();
        Vocabulary vocabulary = model.vocabulary(ClassifyWorkload.TOKENS);
        JavaRDD<Example> docs = MailCorpus.read(sc, files, Math.max(sc.defaultParallelism(), files.size() / 500))
                .map(d -> new Example(d.name(), d.label(), encoder.encode(vocabulary, d.text())));
        return score(sc, model.spec(), model.params(), docs);
    }

    /** The files under {@code dir} (hidden ones left out), named by their path under the input, labelled by their folder. */
    private static void collect(Fs fs, org.apache.hadoop.fs.Path dir, String under, List<String> labels, int label,
                                List<MailCorpus.Located> out) {
        for (org.apache.hadoop.fs.Path p : fs.list(dir)) {
            String name = p.getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                continue;
            }
            if (fs.isDirectory(p)) {
                collect(fs, p, under + name + "/", labels, labels.indexOf(name), out);
            } else {
                out.add(new MailCorpus.Located(p.toString(), under + name, label));
            }
        }
    }

    /** The figures of {@code scored} against their labels (each 0 or 1). */
    public static BinaryMetrics metrics(List<Scored> scored) {
        double[] p = scored.stream().mapToDouble(Scored::probability).toArray();
        boolean[] positive = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            positive[i] = scored.get(i).label() == 1;
        }
        return new BinaryMetrics(p, positive);
    }

    private static Iterator<Scored> scorePartition(Model m, Iterator<Example> it) {
        List<Example> docs = new ArrayList<>();
        it.forEachRemaining(docs::add);
        if (docs.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        StackModel model = m.spec().build(Precision.FLOAT);
        model.params().setAll(m.params());
        double[] p = new DocumentScorer(model, ROWS).probabilities(docs);
        List<Scored> out = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            out.add(new Scored(docs.get(i).name(), docs.get(i).label(), p[i]));
        }
        return out.iterator();
    }
}
