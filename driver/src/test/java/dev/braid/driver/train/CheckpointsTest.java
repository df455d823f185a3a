package dev.braid.driver.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.io.Fs;
import dev.braid.driver.io.RunLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint carries the training clock, so a resumed run's time covers every sitting. */
class CheckpointsTest {

    private static RoundReport round(long n, double elapsed) {
        return new RoundReport(0, n, 10 * n, 100, (int) (10 * n), 1.0, 640, 64, 10, elapsed, 0, 9, 0.1);
    }

    private static Checkpoints written(Path dir, double elapsed) {
        Fs fs = Fs.local();
        RunLayout layout = RunLayout.create(fs, dir.toString(), "t", LocalDateTime.now());
        try (MetricsLog metrics = new MetricsLog(fs, layout.metrics())) {
            metrics.write(round(1, 40.5));
            metrics.write(round(2, 81.25));
        }
        TrainState state = new TrainState(new float[] {1, 2}, new float[] {0, 0}, 2);
        state.rounds = 2;
        state.elapsedSeconds = elapsed;
        Checkpoints checkpoints = new Checkpoints(fs, layout);
        checkpoints.write(state, "name = t\n");
        return checkpoints;
    }

    @Test
    void theClockContinuesFromTheCheckpoint(@TempDir Path dir) {
        TrainState restored = written(dir, 90.0).latest().orElseThrow().state();
        assertThat(restored.priorSeconds()).isEqualTo(90.0);
    }

    @Test
    void aCheckpointWrittenBeforeTheClockWasRecordedTakesItFromTheMetrics(@TempDir Path dir) throws Exception {
        Checkpoints checkpoints = written(dir, 90.0);
        Path cursor = dir.resolve("checkpoints/round-0000002/cursor.json");
        Files.writeString(cursor, Files.readString(cursor).replaceAll(",\"elapsedSeconds\":[0-9.]+", ""));
        Files.deleteIfExists(cursor.resolveSibling(".cursor.json.crc"));
        assertThat(Files.readString(cursor)).doesNotContain("elapsed");
        assertThat(checkpoints.latest().orElseThrow().state().priorSeconds()).isEqualTo(81.25);
    }
}
