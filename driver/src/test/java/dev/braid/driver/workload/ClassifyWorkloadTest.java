package dev.braid.driver.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.cli.CapturedRun;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.run.RunOptions;
import dev.braid.driver.run.TrainingRun;
import dev.braid.driver.spark.SparkTest;
import dev.braid.worker.data.BatchSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classifier on the committed SpamAssassin sample (40 ham, 33 spam raw mails), conf/spam.conf's model
 * on local[2] with 2 workers: the seeded split written to split.tsv covers every mail once, the report
 * scores Braid beside MLlib's baselines, the model learns the training mails, and {@code braid classify}
 * labels a folder with the same probabilities the report scored.
 */
@Tag("spark")
class ClassifyWorkloadTest {
    private static final String SAMPLE = "../datasets/samples/spam-assassin";

    private static TrainingRun.Outcome<ClassifyWorkload.Report> train(Path dir, String... sets) {
        return train(dir, new ByteArrayOutputStream(), sets);
    }

    private static TrainingRun.Outcome<ClassifyWorkload.Report> train(Path dir, ByteArrayOutputStream log, String... sets) {
        PrintStream quiet = new PrintStream(log, true, StandardCharsets.UTF_8);
        List<String> all = new java.util.ArrayList<>(List.of("data.train=" + SAMPLE, "data.test=" + SAMPLE,
                "data.vocabulary.minCount=1"));
        all.addAll(List.of(sets));
        ConfigLoader.Loaded cfg = ConfigLoader.load("../conf/spam.conf", all);
        return new TrainingRun<BatchSet, ClassifyWorkload.Report>(cfg, new ClassifyWorkload(cfg.config(), quiet), quiet)
                .run(SparkTest.sc(), RunOptions.fresh(dir.resolve("run").toString()));
    }

    @Test
    void theSampleIsSplitOnceScoredBesideTheBaselinesAndLabelledAgainByTheClassifyCommand(@TempDir Path dir)
            throws Exception {
        TrainingRun.Outcome<ClassifyWorkload.Report> run = train(dir, "training.epochs=10", "training.batchSize=8", "optimizer.learningRate=0.01",
                "classify.validationFraction=0.15");
        ClassifyWorkload.Report r = run.report();
        assertThat(r.trainDocs() + r.validationDocs() + r.testDocs()).isEqualTo(73);
        assertThat(r.scores().keySet()).containsExactly("Braid spam", "MLlib naive Bayes (TF-IDF)",
                "MLlib logistic regression (TF-IDF)");
        assertThat(r.epochs()).hasSize(10);
        assertThat(r.kept()).startsWith("best epoch");

        List<String> lines = Files.readAllLines(dir.resolve("run/split.tsv"));
        assertThat(lines.get(0)).isEqualTo("mail\tpart\tprobability");
        Map<String, String[]> split = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            assertThat(split.put(f[0], f)).as("listed once: " + f[0]).isNull();
            String file = f[0].substring(f[0].indexOf('/') + 1);
            assertThat(f[1]).isEqualTo(MailSplit.part(file, 42, 0.2, 0.15, true));
        }
        assertThat(split).hasSize(73);
        assertThat(split.values().stream().filter(f -> f[1].equals("test"))).hasSize((int) r.testDocs());
        // the run report: validation per epoch, the test mails' confusion matrix and ROC curve, the embedding
        assertThat(dev.braid.driver.report.ReportChecks.check(dir.resolve("run"))).contains("loss", "validation",
                "confusion", "roc", "embedding");

        // the kept model separates the mails it was trained on (a model that learned nothing scores ~0.5 AUC)
        CapturedRun all = CapturedRun.of("classify", "--model", dir.resolve("run/model").toString(), "--input", SAMPLE,
                "--output", dir.resolve("all.csv").toString(), "--master", "local[2]");
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(all.err()).contains("classified 73 mail(s)", "73 of them in folders named [ham, spam]: accuracy");
        Map<String, Double> p = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("all.csv")).subList(1, 74)) {
            String[] f = line.split(",");
            p.put(f[0], Double.parseDouble(f[1]));
            assertThat(f[2]).isEqualTo(Double.parseDouble(f[1]) >= 0.5 ? "spam" : "ham");
        }
        double trainedSpam = split.values().stream().filter(f -> f[1].equals("train") && f[0].startsWith("spam/"))
                .mapToDouble(f -> p.get(f[0])).average().orElseThrow();
        double trainedHam = split.values().stream().filter(f -> f[1].equals("train") && f[0].startsWith("ham/"))
                .mapToDouble(f -> p.get(f[0])).average().orElseThrow();
        assertThat(trainedSpam - trainedHam).as("mean P(spam) of trained spam minus trained ham").isGreaterThan(0.5);
        // the command scores the held-out mails as the report did
        for (String[] f : split.values()) {
            if (f[1].equals("test")) {
                assertThat(p.get(f[0])).as(f[0]).isCloseTo(Double.parseDouble(f[2]), org.assertj.core.api.Assertions.within(2e-6));
            }
        }
        JsonNode report = new ObjectMapper().readTree(dir.resolve("run/report.json").toFile());
        assertThat(report.get("scores").get("Braid spam").get("auc").asDouble()).isBetween(0.0, 1.0);
        assertThat(dir.resolve("run/model/classifier.json")).content().contains("\"labels\"", "ham", "spam", "HEAD_TAIL");
    }

    @Test
    void word2vecStartsTheEmbeddingAndTwoRunsOfOneSeedGiveTheSameBits(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        String[] sets = {"training.epochs=1", "classify.pretrain=word2vec", "classify.word2vecIterations=2",
            "classify.baselines=false"};
        train(dir.resolve("a"), first, sets);
        String log = first.toString(StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Embedding embed: ([0-9,]+) of ([0-9,]+) symbols from "
                + "word2vec on the training mails").matcher(log);
        assertThat(m.find()).as(log).isTrue();
        // every vocabulary word was seen >= minCount times in the training mails, so word2vec has a vector for each
        // but the four special symbols
        int found = Integer.parseInt(m.group(1).replace(",", ""));
        int size = Integer.parseInt(m.group(2).replace(",", ""));
        assertThat(found).isEqualTo(size - 4);
        train(dir.resolve("b"), sets);
        assertThat(Files.readAllBytes(dir.resolve("b/run/model/params.bin")))
                .isEqualTo(Files.readAllBytes(dir.resolve("a/run/model/params.bin")));
    }

    @Test
    void aCorpusWithoutTwoClassFoldersIsRefusedBeforeSparkStarts(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("corpus/ham");
        Files.createDirectories(corpus);
        Files.writeString(corpus.resolve("1.txt"), "Subject: hi\n\nhello\n");
        CapturedRun r = CapturedRun.of("train", "../conf/spam.conf", "--set", "data.train=" + dir.resolve("corpus"),
                "--set", "data.test=" + dir.resolve("corpus"), "--run-dir", dir.resolve("run").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("has 1 class folder(s) [ham]", "ham/ and spam/").doesNotContain("Exception", "\tat ");
        assertThat(dir.resolve("run")).doesNotExist();
    }
}
