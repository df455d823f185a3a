package dev.braid.driver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.BraidProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands whose output goes to a pipe (a log, CI, `| tee`) write plain lines: no carriage returns, no
 * escape sequences, no other control characters — the training progress, the progress of long Spark jobs
 * and of held-out evaluation (shown here from the first task or segment: braid.progress.firstMs = 0), the
 * report, inspect, help. Each command
 * runs in its own JVM with standard output and error on a pipe.
 */
@Tag("spark")
class PipedOutputTest {

    private static final List<String> EVERY_TASK = List.of("-Dbraid.progress.firstMs=0", "-Dbraid.progress.everyMs=0");

    @Test
    void progressAndReportsOnAPipeArePlainLines(@TempDir Path dir) throws Exception {
        String run = dir.resolve("run").toString();
        BraidProcess.Piped train = BraidProcess.piped(EVERY_TASK, List.of("train", "../conf/reber.conf", "--run-dir", run,
                "--master", "local[2]", "--set", "teaching.examples=600", "--set", "teaching.testExamples=100",
                "--set", "training.epochs=2"));
        assertThat(train.code()).as(train.text()).isZero();
        assertThat(train.text()).contains("  epoch 2/2  batch", "braid reber: preparing the data: ", " tasks",
                "braid reber: preparing the data: done", "Report: ");
        plain(train);
        // held-out evaluation, static and dynamic, with its progress lines from the first segment
        String lm = "src/test/resources/golden/lm-model";
        BraidProcess.Piped evaluate = BraidProcess.piped(EVERY_TASK, List.of("evaluate", "--model", lm, "--data",
                "../datasets/samples/sotu/test", "--max-chars", "3000", "--dynamic-lr", "0.001"));
        assertThat(evaluate.code()).as(evaluate.text()).isZero();
        assertThat(evaluate.text()).contains("dynamic evaluation: ", " characters (", "dynamic evaluation: done");
        plain(evaluate);
        for (List<String> args : List.of(List.of("report", run), List.of("inspect", "--model", run + "/model"),
                List.of("config-reference"), List.of("train", "--help"), List.of("--help"))) {
            BraidProcess.Piped p = BraidProcess.piped(List.of(), args);
            assertThat(p.code()).as(args + ": " + p.text()).isZero();
            plain(p);
        }
    }

    /** Only printable text, line feeds and tabs. */
    private static void plain(BraidProcess.Piped p) {
        for (int i = 0; i < p.output().length; i++) {
            int b = p.output()[i] & 0xFF;
            boolean control = (b < 0x20 && b != '\n' && b != '\t') || b == 0x7F;
            if (control) {
                int from = Math.max(0, i - 60);
                throw new AssertionError(String.format("control character 0x%02x at byte %d, after: %s", b, i,
                        new String(p.output(), from, i - from, java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
    }
}
