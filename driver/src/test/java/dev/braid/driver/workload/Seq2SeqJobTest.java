package dev.braid.driver.workload;

import dev.braid.driver.run.TrainingRun;
import dev.braid.driver.run.RunOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.cli.BraidMain;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.spark.SparkTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seq2seq job end to end on local[2]: rewriting dates written out in words ("21 November 2026",
 * "November 21, 2026", "21 Nov 2026") as ISO dates ("2026-11-21"), a synthetic translation task, must
 * reach at least 99% exact match on a held-out test set; then the saved model translates a file.
 */
@Tag("spark")
public class Seq2SeqJobTest {
    private static final List<DateTimeFormatter> FORMATS = List.of(
            DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH));

    public static void writeDates(Path file, int n, long seed) throws Exception {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LocalDate d = LocalDate.ofEpochDay(LocalDate.of(1950, 1, 1).toEpochDay() + rng.nextInt(36500));
            lines.add(d.format(FORMATS.get(rng.nextInt(FORMATS.size()))) + "\t" + d);
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    @Test
    void learnsToRewriteDatesAndTranslatesAFile(@TempDir Path dir) throws Exception {
        writeDates(dir.resolve("train.tsv"), 8000, 1);
        writeDates(dir.resolve("valid.tsv"), 300, 2);
        writeDates(dir.resolve("test.tsv"), 500, 3);
        ConfigLoader.Loaded cfg = ConfigLoader.load(null, List.of("name=dates", "workload=seq2seq", "data.format=tsv",
                "data.train=" + dir.resolve("train.tsv"), "data.validation=" + dir.resolve("valid.tsv"),
                "data.test=" + dir.resolve("test.tsv"), "seq2seq.targetTokens=chars", "model.embedding=32",
                "model.hidden=96", "model.dropout=0", "seq2seq.encoderLayers=1", "seq2seq.decoderLayers=1",
                "seq2seq.labelSmoothing=0", "seq2seq.tokensPerBatch=1100", "seq2seq.beam=3", "seq2seq.patience=5",
                "seq2seq.averageLast=3", "training.averagingPeriod=4", "training.epochs=40", "optimizer.learningRate=0.006",
                "optimizer.warmupSteps=40", "optimizer.decay=inverse-sqrt"));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        TrainingRun.Outcome<Seq2SeqReport> out = Runs.seq2seq(cfg, new PrintStream(text, true, StandardCharsets.UTF_8))
                .run(SparkTest.sc(), RunOptions.of(dir.resolve("run").toString(), false));
        System.out.print(text.toString(StandardCharsets.UTF_8));

        assertThat(1 - out.report().testBeam().wer()).as("exact match, beam").isGreaterThanOrEqualTo(0.99);
        assertThat(1 - out.report().testGreedy().wer()).as("exact match, greedy").isGreaterThanOrEqualTo(0.99);

        Path input = dir.resolve("in.txt");
        Files.write(input, List.of("3 March 1999", "", "December 25, 2021", "### @@@ ~~~"), StandardCharsets.UTF_8);
        // what a killed translate into out.txt leaves (issue 26 item 4): the next one clears it
        Files.createDirectories(dir.resolve(".out.txt.parts-12345")).resolve("part-00000").toFile().createNewFile();
        Files.writeString(dir.resolve(".out.txt.tmp-678"), "half a file");
        PrintStream err = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            assertThat(BraidMain.run("translate", "--model", dir.resolve("run/model").toString(), "--input", input.toString(),
                    "--output", dir.resolve("out.txt").toString(), "--master", "local[2]")).isZero();
        } finally {
            System.setErr(err);
        }
        assertThat(Files.readAllLines(dir.resolve("out.txt"))).hasSize(4).startsWith("1999-03-03", "", "2021-12-25");
        assertThat(dir.resolve(".out.txt.parts-12345")).doesNotExist();
        assertThat(dir.resolve(".out.txt.tmp-678")).doesNotExist();
        assertThat(warnings.toString(StandardCharsets.UTF_8)).contains("warning: 1 line(s) have more than 10% of their "
                + "symbols unknown to the model (lines 4)");
        assertThat(BraidMain.run("evaluate", "--model", dir.resolve("run/model").toString(), "--data",
                dir.resolve("test.tsv").toString(), "--beam", "1", "--json")).isZero();
    }
}
