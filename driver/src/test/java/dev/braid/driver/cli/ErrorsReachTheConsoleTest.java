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
 * Issue 26 item 4: a {@link Error} (here OutOfMemoryError in the driver) used to pass picocli's handler and
 * end the JVM with status 1 and nothing on the console (the uncaught handler logged it to logs/ only).
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
}
