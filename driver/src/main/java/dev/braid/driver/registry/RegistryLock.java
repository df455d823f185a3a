package dev.braid.driver.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The registry's lock: a file created only if absent (atomic on HDFS and local file systems), naming
 * its holder. A second retrain is refused with the holder's name. A lock is stale when its holder's
 * process is gone (same host) or it was not refreshed ({@link #heartbeat}) for the timeout; a stale
 * lock is moved aside with one atomic rename (so only one contender takes it over) and taken. The
 * holder refreshes its lock every quarter of the timeout while it works.
 */
public final class RegistryLock implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Fs fs;
    private final Path path;
    private final Holder me;
    private final java.util.concurrent.ScheduledExecutorService beat;

    /** Who holds the lock. */
    public record Holder(String host, long pid, String since, String token) {
    }

    private RegistryLock(Fs fs, Path path, Holder me, Duration timeout) {
        this.fs = fs;
        this.path = path;
        this.me = me;
        this.beat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "registry-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, timeout.toSeconds() / 4);
        beat.scheduleAtFixedRate(this::heartbeatQuietly, every, every, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void heartbeatQuietly() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            // the next beat tries again; a lock that stays stale is taken over, which the holder then sees on close
        }
    }

    public static RegistryLock acquire(Fs fs, Path registry, Duration timeout) {
        Path path = new Path(registry, "lock");
        Holder me = new Holder(host(), ProcessHandle.current().pid(), Instant.now().toString(), UUID.randomUUID().toString());
        for (int attempt = 0; attempt < 2; attempt++) {
            if (tryCreate(fs, path, me)) {
                return new RegistryLock(fs, path, me, timeout);
            }
            Holder holder = read(fs, path);
            if (!stale(fs, path, holder, timeout)) {
                throw new UserError("Registry " + registry + " is locked by a retrain on " + holder.host() + " (pid "
                        + holder.pid() + ") since " + holder.since() + "; a second concurrent retrain is refused. If that "
                        + "process is gone the lock becomes stale (at once on the same host, else after retrain.lockTimeout="
                        + timeout + ") and the next retrain takes it over.");
            }
            fs.rename(path, new Path(registry, ".lock.stale-" + UUID.randomUUID()));
        }
        throw new UserError("Registry " + registry + ": another retrain took over the stale lock first; try again.");
    }

    private static boolean tryCreate(Fs fs, Path path, Holder me) {
        FileSystem f = fs.fileSystem(path);
        try (OutputStream out = f.create(path, false)) {
            out.write(JSON.writeValueAsBytes(me));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(path)) {
                return false;
            }
            throw new UncheckedIOException("creating " + path, e);
        }
    }

    private static Holder read(Fs fs, Path path) {
        try {
            return JSON.readValue(fs.readBytes(path), Holder.class);
        } catch (IOException | RuntimeException e) {
            // an unreadable lock (its writer died mid-write) belongs to nobody alive
            return new Holder("?", -1, "?", "?");
        }
    }

    private static boolean stale(Fs fs, Path path, Holder holder, Duration timeout) {
        if (holder.pid() < 0) {
            return true;
        }
        if (holder.host().equals(host())) {
            return ProcessHandle.of(holder.pid()).map(p -> !p.isAlive()).orElse(true);
        }
        try {
            long age = System.currentTimeMillis() - fs.fileSystem(path).getFileStatus(path).getModificationTime();
            return age > timeout.toMillis();
        } catch (IOException e) {
            return false;
        }
    }

    /** Refreshes the lock's modification time (holders on other hosts judge staleness by it). */
    public void heartbeat() {
        try {
            fs.fileSystem(path).setTimes(path, System.currentTimeMillis(), -1);
        } catch (IOException e) {
            throw new UncheckedIOException("refreshing " + path, e);
        }
    }

    /** Releases the lock if it is still this holder's. */
    @Override public void close() {
        beat.shutdownNow();
        if (fs.exists(path) && me.token().equals(read(fs, path).token())) {
            fs.deleteQuietly(path);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
