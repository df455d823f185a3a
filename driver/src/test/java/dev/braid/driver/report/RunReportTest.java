package dev.braid.driver.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.Json;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.run.Selection;
import dev.braid.driver.train.RoundReport;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a run directory written by hand as a run in progress writes it: 60 rounds (one rolled back,
 * one during which an executor was lost, the last line torn by a kill), three scored epochs, no model
 * and no report.json yet. Every plot of the rounds is drawn, the marks are on the loss plot in their
 * own colours, and the page says the run is not finished.
 */
class RunReportTest {

    private static RoundReport round(long n, double loss, String rolledBack, int lost) {
        int epoch = (int) ((n - 1) / 20);
        return new RoundReport(epoch, n, 10 * n, 20, (int) ((n - 1) % 20 + 1), loss, 4096, 4096 / (0.5 + n % 3 * 0.1),
                0.5 + n % 3 * 0.1, n * 0.6, 0.01, 0.4, 0.05, 1.0, rolledBack, 0.003 * Math.min(1, n / 10.0), 2.0 / n, lost);
    }

    private static Path inProgress(Path dir) throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.conf"), "name = tiny\nworkload = char-lm\nmodel { hidden = 8 }\n");
        StringBuilder metrics = new StringBuilder();
        for (long n = 1; n <= 60; n++) {
            RoundReport r = round(n, 3.0 / Math.sqrt(n), n == 31 ? "loss 9.1 > 3 x the recent mean" : null, n == 45 ? 1 : 0);
            metrics.append(Json.COMPACT.writeValueAsString(r)).append('\n');
        }
        metrics.append("{\"epoch\":2,\"round\":61,\"iter");
        Files.writeString(run.resolve("metrics.jsonl"), metrics);
        List<Selection.EpochFigures> epochs = new ArrayList<>();
        for (int e = 1; e <= 3; e++) {
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("BLEU", 10.0 * e);
            v.put("chrF", 30.0 + e);
            epochs.add(new Selection.EpochFigures(e, 2.0 / e, v));
        }
        Files.write(run.resolve("epochs.json"), Json.indented(epochs));
        return run;
    }

    @Test
    void aRunInProgressGetsEveryRoundPlotWithItsEventsMarked(@TempDir Path dir) throws Exception {
        Path run = inProgress(dir);
        RunReport.write(Fs.local(), new RunLayout(new org.apache.hadoop.fs.Path(run.toString())));

        List<String> plots = ReportChecks.check(run);
        assertThat(plots).containsExactly("loss", "validation", "throughput", "round-time", "learning-rate",
                "gradient-norm");
        String html = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("in progress", "1 round(s) rolled back, 1 executor(s) lost", "59 (and 1 rolled back)", "Braid run run<", "epoch</th><td>3, batch 20 of 20",
                "<th>BLEU</th><th>chrF</th>", "name = tiny");
        // the marks of the rolled-back round, the lost executor and the epoch ends, each in its own colour
        BufferedImage loss = ImageIO.read(run.resolve("plots/loss.png").toFile());
        assertThat(contains(loss, 0xD62728)).as("red: rolled back").isTrue();
        assertThat(contains(loss, 0x9467BD)).as("purple: executor lost").isTrue();
        assertThat(contains(loss, 0xFF7F0E)).as("orange: epoch ends").isTrue();
    }

    @Test
    void aDirectoryThatHoldsNoRunIsRefusedWithWhatToName(@TempDir Path dir) {
        assertThatThrownBy(() -> RunReport.write(Fs.local(), new RunLayout(new org.apache.hadoop.fs.Path(dir.toString()))))
                .isInstanceOf(UserError.class).hasMessageContaining("is not a Braid run directory")
                .hasMessageContaining("Run directory:");
        assertThat(dir.resolve("report.html")).doesNotExist();
    }

    private static boolean contains(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }
}
