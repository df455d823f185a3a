package dev.braid.driver.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.io.Fs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

    /** The lines of an earlier run's metrics up to round {@code upToRound} (what a resumed run keeps). */
    public static List<String> linesThrough(Fs fs, Path metrics, long upToRound) {
        if (!fs.exists(metrics)) {
            return List.of();
        }
        return fs.readText(metrics).lines().filter(l -> l.contains("\"round\":") && roundOf(l) <= upToRound).toList();
    }

    private static long roundOf(String metricsLine) {
        int i = metricsLine.indexOf("\"round\":") + 8;
        int j = i;
        while (j < metricsLine.length() && Character.isDigit(metricsLine.charAt(j))) {
            j++;
        }
        return Long.parseLong(metricsLine.substring(i, j));
    }

    public void write(RoundReport report) {
        try {
            writeLine(JSON.writeValueAsString(report));
        } catch (IOException e) {
            throw new UncheckedIOException("writing metrics", e);
        }
    }

    /** Writes one line as it is (metrics of a resumed run's earlier rounds). */
    public void writeLine(String line) {
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
