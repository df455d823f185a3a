package dev.braid.driver.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.jsonl survives a killed writer: lines reach the file as written, a torn last line is dropped. */
class MetricsLogTest {
    private static RoundReport round(long n) {
        return new RoundReport(0, n, 10 * n, 100, (int) (10 * n), 1.0 / n, 640, 64, 10, n, 0, 9, 0.1);
    }

    @Test
    void eachLineIsInTheFileAsSoonAsItIsWrittenAndATornLastLineIsDropped(@TempDir Path dir) throws Exception {
        Fs fs = Fs.local();
        org.apache.hadoop.fs.Path path = fs.qualify(dir.resolve("metrics.jsonl").toString());
        MetricsLog log = new MetricsLog(fs, path);
        log.write(round(1));
        log.write(round(2));
        // not closed: what a killed driver leaves, read by another process
        assertThat(Files.readAllLines(dir.resolve("metrics.jsonl"))).hasSize(2);
        assertThat(dir.resolve(".metrics.jsonl.crc")).doesNotExist();
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"epoch\":0,\"round\":3,\"itera", StandardOpenOption.APPEND);

        List<String> warnings = new ArrayList<>();
        List<RoundReport> rounds = MetricsLog.roundsThrough(fs, path, 10, warnings::add);
        assertThat(rounds).extracting(RoundReport::round).containsExactly(1L, 2L);
        assertThat(warnings).singleElement().asString().contains("last line is incomplete");

        // a resumed run rewrites the rounds it keeps, then appends
        try (MetricsLog resumed = new MetricsLog(fs, path, rounds)) {
            resumed.write(round(3));
        }
        assertThat(MetricsLog.roundsThrough(fs, path, 10, warnings::add)).extracting(RoundReport::round)
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void aBadLineInTheMiddleIsAnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "{\"round\":1}\nnot json\n{\"round\":2}\n");
        assertThatThrownBy(() -> MetricsLog.roundsThrough(Fs.local(), Fs.local().qualify(file.toString()), 10, w -> { }))
                .isInstanceOf(UserError.class).hasMessageContaining("line 2 is not a round's metrics");
    }
}
