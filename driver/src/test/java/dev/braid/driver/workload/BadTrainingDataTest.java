package dev.braid.driver.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.driver.UserError;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.run.RunOptions;
import dev.braid.driver.run.TrainingRun;
import dev.braid.driver.spark.SparkTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad training data, found on the executors: a document with invalid UTF-8 stops the run with its
 * file:line (data.badLines = refuse), or its bad lines are left out and counted (skip); a pair line with
 * three columns likewise.
 */
@Tag("spark")
class BadTrainingDataTest {

    private static Throwable userError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UserError) {
                return c;
            }
        }
        return t;
    }

    @Test
    void invalidUtf8InTheCorpusIsRefusedWithFileAndLineOrSkippedAndCounted(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (var files = Files.list(Path.of("../datasets/samples/sotu/train"))) {
            for (Path f : files.toList()) {
                Files.copy(f, data.resolve(f.getFileName()));
            }
        }
        Path bad = data.resolve("1999_latin1.txt");
        Files.write(bad, "The state of the Union.\nThe caf\u00e9 is open.\nGood night.\n".getBytes(StandardCharsets.ISO_8859_1));
        List<String> settings = new ArrayList<>(List.of("data.train=" + data, "data.test=../datasets/samples/sotu/test",
                "model.embedding=8", "model.hidden=16", "training.batchSize=4", "training.seqLength=32",
                "training.averagingPeriod=50", "eval.maxChars=200", "eval.sampleLength=0"));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Runs.charLm(ConfigLoader.load("../conf/quickstart.conf", settings), quiet)
                .run(SparkTest.sc(), RunOptions.fresh(dir.resolve("refused").toString())))
                .extracting(BadTrainingDataTest::userError).isInstanceOf(UserError.class).asString()
                .contains("1999_latin1.txt:2 has invalid UTF-8 (byte 0xE9").contains("data.badLines = skip");

        settings.add("data.badLines=skip");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        TrainingRun.Outcome<CharLmReport> out = Runs.charLm(ConfigLoader.load("../conf/quickstart.conf", settings),
                new PrintStream(text, true, StandardCharsets.UTF_8)).run(SparkTest.sc(),
                RunOptions.fresh(dir.resolve("skipped").toString()));
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("; 1 bad lines skipped");
        assertThat(out.counted()).isNotEmpty();
    }

    @Test
    void aPairLineWithThreeColumnsIsRefusedOrSkipped(@TempDir Path dir) throws Exception {
        Seq2SeqJobTest.writeDates(dir.resolve("train.tsv"), 600, 1);
        Files.writeString(dir.resolve("train.tsv"), "3 May 2001\t2001-05-03\textra\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        Seq2SeqJobTest.writeDates(dir.resolve("valid.tsv"), 50, 2);
        List<String> settings = new ArrayList<>(List.of("name=dates", "workload=seq2seq", "data.format=tsv",
                "data.train=" + dir.resolve("train.tsv"), "data.validation=" + dir.resolve("valid.tsv"),
                "data.test=" + dir.resolve("valid.tsv"), "seq2seq.targetTokens=chars", "model.embedding=8",
                "model.hidden=16", "seq2seq.encoderLayers=1", "seq2seq.decoderLayers=1", "seq2seq.beam=1"));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Runs.seq2seq(ConfigLoader.load(null, settings), quiet)
                .run(SparkTest.sc(), RunOptions.fresh(dir.resolve("refused").toString())))
                .extracting(BadTrainingDataTest::userError).isInstanceOf(UserError.class).asString()
                .contains("train.tsv:601 has 3 columns");

        settings.add("data.badLines=skip");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Runs.seq2seq(ConfigLoader.load(null, settings), new PrintStream(text, true, StandardCharsets.UTF_8))
                .run(SparkTest.sc(), RunOptions.fresh(dir.resolve("skipped").toString()));
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("600 usable").contains("1 bad lines skipped");
    }
}
