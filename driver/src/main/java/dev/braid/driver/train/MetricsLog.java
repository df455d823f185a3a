package dev.braid.driver.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.io.Json;
import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * metrics.jsonl: one JSON object per round, flushed to the file system as it is written, so a killed
 * driver loses at most the line it was writing. It is written past Hadoop's checksummed local stream
 * (whose flush stops in its own buffer and whose {@code .crc} would not match a torn file); a torn
 * last line is dropped with a warning when a resumed run reads the file back.
 */
public final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = Json.COMPACT;
    private final FSDataOutputStream out;

    /** A new log. */
    public MetricsLog(Fs fs, Path path) {
        this(fs, path, List.of());
    }

    /** A log that holds {@code earlier} (a resumed run's rounds up to its checkpoint), then the rounds to come. */
    public MetricsLog(Fs fs, Path path, List<RoundReport> earlier) {
        FileSystem raw = raw(fs.fileSystem(path));
        StringBuilder text = new StringBuilder();
        for (RoundReport r : earlier) {
            text.append(line(r)).append('\n');
        }
        Path tmp = new Path(path.getParent(), "." + path.getName() + ".tmp-" + System.nanoTime());
        try {
            try (FSDataOutputStream o = raw.create(tmp, true)) {
                o.write(text.toString().getBytes(StandardCharsets.UTF_8));
            }
            raw.delete(new Path(path.getParent(), "." + path.getName() + ".crc"), false);
            if (raw.exists(path)) {
                raw.delete(path, false);
            }
            if (!raw.rename(tmp, path)) {
                throw new IOException("rename of " + tmp + " returned false");
            }
            this.out = append(raw, path, text);
        } catch (IOException | org.apache.hadoop.fs.FSError e) {
            fs.deleteQuietly(tmp);
            throw new UserError("Cannot write " + path + ": " + e.getMessage() + ". Free space or fix the permissions of "
                    + path.getParent() + ".", e);
        }
    }

    private static FileSystem raw(FileSystem fs) {
        return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    }

    /** An appending stream; on a file system without append (object stores), a new file with {@code text} again. */
    private static FSDataOutputStream append(FileSystem raw, Path path, CharSequence text) throws IOException {
        try {
            return raw.append(path);
        } catch (UnsupportedOperationException | IOException e) {
            FSDataOutputStream o = raw.create(path, true);
            o.write(text.toString().getBytes(StandardCharsets.UTF_8));
            return o;
        }
    }

    /**
     * The rounds an earlier run logged, up to round {@code upToRound} (what a resumed run continues). A
     * torn last line (the driver was killed while writing it) is dropped and {@code warn} hears of it;
     * a bad line elsewhere is an error.
     */
    public static List<RoundReport> roundsThrough(Fs fs, Path metrics, long upToRound, Consumer<String> warn) {
        if (!fs.exists(metrics)) {
            return List.of();
        }
        String text = new String(fs.readBytesUnchecked(metrics), StandardCharsets.UTF_8);
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        List<RoundReport> rounds = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            RoundReport r;
            try {
                r = JSON.readValue(lines.get(i), RoundReport.class);
            } catch (IOException e) {
                if (i == lines.size() - 1) {
                    warn.accept(metrics + ": the last line is incomplete (the run was stopped while writing it); dropped, "
                            + "its round is trained again.");
                    break;
                }
                throw new UserError(metrics + " line " + (i + 1) + " is not a round's metrics (" + e.getMessage()
                        + "); a resumed run continues its metrics: restore the file or remove the line.", e);
            }
            if (r.round() <= upToRound) {
                rounds.add(r);
            }
        }
        return rounds;
    }

    private static String line(RoundReport r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (IOException e) {
            throw new UncheckedIOException("writing metrics", e);
        }
    }

    public void write(RoundReport report) {
        try {
            out.write((line(report) + "\n").getBytes(StandardCharsets.UTF_8));
            out.hflush();
        } catch (IOException | org.apache.hadoop.fs.FSError e) {
            throw new UserError("Cannot write the metrics: " + e.getMessage() + ". Free space or fix the permissions of "
                    + "the run directory, then continue with --resume.", e);
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
