package dev.braid.driver.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

/** metrics.jsonl: one JSON object per round, flushed as it is written so a crash loses at most a line. */
public final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OutputStream out;

    public MetricsLog(Fs fs, Path path) {
        this.out = fs.create(path);
    }

    /** The rounds an earlier run logged, up to round {@code upToRound} (what a resumed run continues). */
    public static List<RoundReport> roundsThrough(Fs fs, Path metrics, long upToRound) {
        if (!fs.exists(metrics)) {
            return List.of();
        }
        List<RoundReport> rounds = new ArrayList<>();
        for (String line : fs.readText(metrics).lines().filter(l -> !l.isBlank()).toList()) {
            try {
                RoundReport r = JSON.readValue(line, RoundReport.class);
                if (r.round() <= upToRound) {
                    rounds.add(r);
                }
            } catch (IOException e) {
                throw new UserError(metrics + " has a line that is not a round's metrics (" + e.getMessage()
                        + "); a resumed run continues its metrics: restore the file or remove the line.", e);
            }
        }
        return rounds;
    }

    public void write(RoundReport report) {
        try {
            writeLine(JSON.writeValueAsString(report));
        } catch (IOException e) {
            throw new UncheckedIOException("writing metrics", e);
        }
    }

    private void writeLine(String line) {
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            if (out instanceof FSDataOutputStream f) {
                f.hflush();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing metrics", e);
        }
    }

    @Override public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing metrics", e);
        }
    }
}
