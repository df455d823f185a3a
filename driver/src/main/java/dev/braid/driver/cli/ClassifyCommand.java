package dev.braid.driver.cli;

import dev.braid.driver.UserError;
import dev.braid.driver.config.SparkConfig;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.spark.SparkSessions;
import dev.braid.driver.workload.ClassifyJob;
import dev.braid.driver.workload.SavedClassifier;
import dev.braid.worker.infer.BinaryMetrics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code braid classify}: labels mails with a trained classifier, as a Spark job. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Label mails with a trained classifier, with the probability of its second class, as a Spark job.",
        footer = {"", "Example:", "  scripts/braid classify --model runs/spam-20261207-1200/model --input datasets/spam-assassin/spam "
                + "--output spam.csv"})
final class ClassifyCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (a classification run's model/).")
    String model;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "A raw mail, or a folder of them searched recursively (local or HDFS). Mails in folders named as "
                    + "the model's classes are also scored against them.")
    String input;

    @Option(names = "--output", paramLabel = "PATH", description = "Output CSV: mail,probability,label (default: stdout).")
    String output;

    @Option(names = "--overwrite", description = "Replace --output if it exists.")
    boolean overwrite;

    @Option(names = "--threshold", defaultValue = "0.5", paramLabel = "P",
            description = "A probability at or above it labels a mail with the second class (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL", description = "Spark master (default: ${DEFAULT-VALUE}).")
    String master;

    @Override public Integer call() {
        Fs local = Fs.local();
        if (!local.exists(local.qualify(input))) {
            throw new UserError("--input " + input + " does not exist. Give a mail file or a folder of mails (local or HDFS).");
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new UserError("--threshold " + threshold + " must lie strictly between 0 and 1 (0.5: the likelier class).");
        }
        Path out = output == null ? null : local.outputFile(output, "--output", overwrite, null);
        SavedModel saved = new ModelStore(local).load(model);
        SavedClassifier meta = SavedClassifier.of(saved, model);
        boolean shared = SparkSessions.active();
        JavaSparkContext sc = SparkSessions.start(new SparkConfig(master, "braid-classify", false, Map.of()));
        dev.braid.driver.spark.JobNames.phase(sc, "classify", "files", "classifying " + input);
        List<ClassifyJob.Scored> scored;
        try {
            scored = ClassifyJob.files(sc, new Fs(sc.hadoopConfiguration()), saved, model, input);
        } finally {
            if (!shared) {
                SparkSessions.stop(sc);
            }
        }
        StringBuilder csv = new StringBuilder("mail,probability,label\n");
        for (ClassifyJob.Scored s : scored) {
            csv.append(quoted(s.name())).append(',').append(String.format(Locale.ROOT, "%.6f", s.probability())).append(',')
                    .append(meta.labels().get(s.probability() >= threshold ? 1 : 0)).append('\n');
        }
        if (out == null) {
            System.out.print(csv);
        } else {
            local.writeAtomically(out, csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        long positive = scored.stream().filter(s -> s.probability() >= threshold).count();
        System.err.printf(Locale.ROOT, "classified %,d mail(s): %,d %s, %,d %s%s%n", scored.size(), scored.size() - positive,
                meta.labels().get(0), positive, meta.labels().get(1), out == null ? "" : " (" + out + ")");
        List<ClassifyJob.Scored> labelled = scored.stream().filter(s -> s.label() >= 0).toList();
        if (!labelled.isEmpty()) {
            BinaryMetrics.Counts c = ClassifyJob.metrics(labelled).at(threshold);
            System.err.printf(Locale.ROOT, "%,d of them in folders named %s: accuracy %.2f%%, precision %.2f%%, recall %.2f%%, "
                    + "F1 %.4f%n", labelled.size(), meta.labels(), 100 * c.accuracy(), 100 * c.precision(), 100 * c.recall(),
                    c.f1());
        }
        return 0;
    }

    /** A CSV field: quoted where it holds a comma, quote or line break. */
    private static String quoted(String s) {
        return s.matches("[^,\"\r\n]*") ? s : '"' + s.replace("\"", "\"\"") + '"';
    }
}
