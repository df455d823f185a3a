package dev.braid.driver.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.io.Fs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

/** metrics.jsonl: one JSON object per round, flushed as it is written so a crash loses at most a line. */
public final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OutputStream out;

    public MetricsLog(Fs fs, Path path) {
        this.out = fs.create(path);
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
