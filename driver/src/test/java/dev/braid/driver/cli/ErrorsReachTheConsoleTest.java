package dev.braid.driver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.BraidProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees on the console when a command fails, in a child JVM with the command's own logging. Issue 26
 * item 4: a {@link Error} (here OutOfMemoryError in the driver) used to pass picocli's handler and end the JVM with
 * status 1 and nothing on the console (the uncaught handler logged it to logs/ only). Item 9: a bad line met by a
 * translate task used to bring Spark's ERROR lines and a RejectedExecutionException trace (Spark stopped under
 * the job's other, still running task) above the one paragraph.
 */
class ErrorsReachTheConsoleTest {

    @Test
    void anOutOfMemoryErrorInTheDriverIsOneParagraphOnTheConsole(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("console.txt");
        // 2 x LSTM 4096 over a 4096 embedding: about 1 GB of float parameters, in a 256 MB heap
        Process p = BraidProcess.start(log, List.of("-Xmx256m"), List.of("train", "../conf/quickstart.conf",
                "--run-dir", dir.resolve("run").toString(), "--set", "data.train=../datasets/samples/sotu/train",
                "--set", "data.test=../datasets/samples/sotu/test", "--set", "model.hidden=4096",
                "--set", "model.embedding=4096", "--set", "spark.properties.\"spark.testing.reservedMemory\"=0"));
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("hang guard: the child ran past 5 minutes:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isEqualTo(1);
        String last = out.trim().lines().reduce((a, b) -> b).orElse("");
        assertThat(last).as(out).startsWith("braid: out of memory").contains("BRAID_JAVA_OPTS");
        assertThat(out).doesNotContain("\tat ");
    }

    @Test
    void aBadLineInTranslateIsOneParagraphWithoutSparksLogOrATrace(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("speech.txt");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("the president spoke to the nation ").append(i).append('\n');
            if (i == 15_000) {
                text.append("bad \0 line\n");
            }
        }
        Files.writeString(input, text);
        Path log = dir.resolve("console.txt");
        Process p = BraidProcess.start(log, List.of("-Dlog4j2.configurationFile=../conf/log4j2.properties",
                "-Dbraid.logFile=" + dir.resolve("braid.log")), List.of("translate", "--model",
                "src/test/resources/golden/s2s-model", "--input", input.toString(), "--output",
                dir.resolve("out.txt").toString(), "--master", "local[2]"));
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("hang guard: the child ran past 5 minutes:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        // the JVM's own note on the Vector API module (scripts/braid filters it too) and the job's progress (on a slow
        // machine the read runs past the 5 s after which progress shows) aside
        assertThat(out.trim().lines().filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .filter(l -> !l.startsWith("  braid translate: translating "))).as(out)
                .singleElement().asString()
                .startsWith("braid: " + input + ":15002 has a NUL byte");
        assertThat(dir.resolve("out.txt")).doesNotExist();
    }
}
