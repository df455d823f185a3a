package dev.braid.driver.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.driver.UserError;
import dev.braid.driver.data.MailCorpus;
import dev.braid.driver.io.Fs;
import dev.braid.driver.spark.SparkTest;
import dev.braid.worker.infer.BinaryMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mail corpus read by Spark and the MLlib baselines a classifier is measured against, on the committed
 * SpamAssassin sample (40 ham, 33 spam) with a seeded 30% held out: both baselines rank spam above ham far
 * better than chance, and the split is the same every time.
 */
@Tag("spark")
class TextBaselinesTest {
    private static final String SAMPLE = "../datasets/samples/spam-assassin";

    @Test
    void naiveBayesAndLogisticRegressionOnTfIdfSeparateTheSample() {
        Fs fs = Fs.local();
        List<String> labels = MailCorpus.labels(fs, SAMPLE);
        assertThat(labels).containsExactly("ham", "spam");
        JavaRDD<MailCorpus.Doc> all = MailCorpus.read(SparkTest.sc(), fs, SAMPLE, labels, 2).cache();
        List<MailCorpus.Doc> docs = all.collect();
        assertThat(docs).hasSize(73);
        assertThat(docs.stream().filter(d -> d.label() == 1)).hasSize(33);
        assertThat(docs).allSatisfy(d -> assertThat(d.text()).isNotBlank());
        JavaRDD<MailCorpus.Doc> test = all.filter(d -> MailCorpus.heldOut(d.name(), 42, 0.3));
        JavaRDD<MailCorpus.Doc> train = all.filter(d -> !MailCorpus.heldOut(d.name(), 42, 0.3));
        long held = test.count();
        assertThat(held).isBetween(12L, 32L);
        assertThat(test.map(MailCorpus.Doc::name).collect()).as("the same split again")
                .isEqualTo(all.filter(d -> MailCorpus.heldOut(d.name(), 42, 0.3)).map(MailCorpus.Doc::name).collect());
        Map<String, BinaryMetrics> scored = TextBaselines.score(SparkSession.builder().sparkContext(SparkTest.sc().sc())
                .getOrCreate(), train, test);
        assertThat(scored.keySet()).containsExactly("MLlib naive Bayes (TF-IDF)", "MLlib logistic regression (TF-IDF)");
        scored.forEach((name, m) -> {
            System.out.println(name + ": " + m.summary(0.5));
            // 20-odd held-out mails after training on 50-odd: the ranking is the robust figure here
            assertThat(m.auc()).as(name + " ROC AUC").isGreaterThan(0.8);
            assertThat(m.at(0.5).recall()).as(name + " recall of spam").isGreaterThan(0.5);
        });
        all.unpersist();
    }

    @Test
    void aCorpusNeedsTwoClassFoldersOfMails(@TempDir Path dir) throws Exception {
        Fs fs = Fs.local();
        assertThatThrownBy(() -> MailCorpus.labels(fs, dir.resolve("none").toString())).isInstanceOf(UserError.class)
                .hasMessageContaining("is not a directory");
        Files.writeString(Files.createDirectories(dir.resolve("ham")).resolve("1.txt"), "Subject: x\n\nhello\n");
        assertThatThrownBy(() -> MailCorpus.labels(fs, dir.toString())).isInstanceOf(UserError.class)
                .hasMessageContaining("has 1 class folder(s) [ham]");
        Files.createDirectories(dir.resolve("spam"));
        assertThatThrownBy(() -> MailCorpus.labels(fs, dir.toString())).isInstanceOf(UserError.class)
                .hasMessageContaining("class folder spam holds no files");
    }
}
