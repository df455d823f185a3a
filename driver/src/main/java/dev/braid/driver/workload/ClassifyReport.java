package dev.braid.driver.workload;

import dev.braid.driver.data.MailCorpus;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.RunLayout;
import dev.braid.worker.infer.BinaryMetrics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;

/** What a classification run prints and writes beside {@code report.json}: the classifiers' table and the split. */
final class ClassifyReport {
    private ClassifyReport() {
    }

    /** Prints each classifier's figures on the {@code tests} test mails (nothing when there are none); returns them by name. */
    static Map<String, Map<String, Object>> print(PrintStream out, List<String> labels, Map<String, BinaryMetrics> all,
                                                  int tests) {
        Map<String, Map<String, Object>> scores = new LinkedHashMap<>();
        if (tests > 0) {
            out.printf(Locale.ROOT, "Test mails: %,d (%s positive)%n", tests, labels.get(1));
            out.printf(Locale.ROOT, "  %-40s %9s %9s %9s %9s %9s%n", "classifier", "accuracy", "precision", "recall", "F1",
                    "AUC");
        }
        all.forEach((name, m) -> {
            scores.put(name, m.summary(0.5));
            BinaryMetrics.Counts k = m.at(0.5);
            out.printf(Locale.ROOT, "  %-40s %8.2f%% %8.2f%% %8.2f%% %9.4f %9.4f%n", name, 100 * k.accuracy(),
                    100 * k.precision(), 100 * k.recall(), k.f1(), m.auc());
        });
        return scores;
    }

    /** {@code split.tsv}: every mail's part, and the test mails' probabilities. */
    static void writeSplit(Fs fs, RunLayout layout, MailSplit split, List<ClassifyJob.Scored> test) {
        StringBuilder s = new StringBuilder("mail\tpart\tprobability\n");
        List<String> labels = split.labels();
        for (String part : List.of(MailSplit.TRAIN, MailSplit.VALIDATION)) {
            JavaRDD<MailCorpus.Doc> docs = part.equals(MailSplit.TRAIN) ? split.train() : split.validation();
            for (String name : docs.map(d -> labels.get(d.label()) + "/" + d.name()).collect()) {
                s.append(name).append('\t').append(part).append("\t\n");
            }
        }
        for (ClassifyJob.Scored t : test) {
            s.append(t.name()).append("\ttest\t").append(String.format(Locale.ROOT, "%.6f", t.probability())).append('\n');
        }
        fs.writeAtomically(layout.split(), s.toString().getBytes(StandardCharsets.UTF_8));
    }
}
