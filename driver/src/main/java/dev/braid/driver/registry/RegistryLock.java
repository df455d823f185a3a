package dev.braid.driver.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.io.Json;
import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The registry's lock: a file created only if absent — exclusively: {@code CREATE_NEW} on the local file
 * system, create-without-overwrite (atomic in the NameNode) on HDFS — naming its holder. A second
 * retrain is refused with the holder's name. A lock is stale when its holder's process is gone: on the same
 * host when no process runs under its PID with its start time (a PID is reused, in a container often by the
 * next retrain itself), or within this JVM when no open lock has its token; on another host when it was not
 * refreshed ({@link #heartbeat}) for the timeout. A lock whose content cannot be read is its writer's until it
 * is {@value #WRITE_GRACE_SECONDS} s old. A stale lock is taken over by whoever first creates the exclusive
 * marker {@code .lock.takeover-TOKEN} for it; that contender checks the lock still has TOKEN before it moves it
 * aside, so two contenders never both take it. The holder refreshes its lock every quarter of the timeout while
 * it works, and {@link #confirm}s it still holds it before it promotes.
 */
public final class RegistryLock implements AutoCloseable {
    private static final ObjectMapper JSON = Json.COMPACT;
    static final int WRITE_GRACE_SECONDS = 30;
    private final Fs fs;
    private final Path path;
    private final Holder me;
    private final java.util.concurrent.ScheduledExecutorService beat;

    /** Tokens of the locks open in this JVM (a holder with this JVM's PID is alive only if listed here). */
    private static final java.util.Set<String> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Who holds the lock: host, PID and the process's start time (epoch ms; 0 if unknown), a random token. */
    public record Holder(String host, long pid, long started, String since, String token) {
        /** This process, now, with a new token. */
        static Holder me() {
            ProcessHandle self = ProcessHandle.current();
            return new Holder(RegistryLock.host(), self.pid(), startMillis(self), Instant.now().toString(), UUID.randomUUID().toString());
        }

        /**
         * False only when this holder's process is provably gone: it ran on this host and no process with its
         * PID and start time runs, or it claimed this JVM's PID and no lock of this JVM has its token.
         */
        boolean mayBeAlive() {
            if (!host.equals(RegistryLock.host())) {
                return true;
            }
            if (pid == ProcessHandle.current().pid()) {
                return HELD.contains(token);
            }
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) {
                return false;
            }
            long now = startMillis(p.get());
            // start times read by two JVMs from /proc agree to the clock tick; a reused PID started later
            return started <= 0 || now <= 0 || Math.abs(now - started) < 2000;
        }
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
        Holder me = Holder.me();
        // listed before the lock exists: a contender in this JVM that reads it at once must find its holder alive
        HELD.add(me.token());
        try {
            return acquire(fs, registry, path, me, timeout);
        } catch (RuntimeException e) {
            HELD.remove(me.token());
            throw e;
        }
    }

    private static RegistryLock acquire(Fs fs, Path registry, Path path, Holder me, Duration timeout) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (tryCreate(fs, path, me)) {
                pruneStale(fs, registry);
                return new RegistryLock(fs, path, me, timeout);
            }
            Holder holder = read(fs, path);
            if (!stale(fs, path, holder, timeout)) {
                throw new UserError("Registry " + registry + " is locked by a retrain on " + holder.host() + " (pid "
                        + holder.pid() + ") since " + holder.since() + "; a second concurrent retrain is refused. If that "
                        + "process is gone the lock becomes stale (at once on the same host, else after retrain.lockTimeout="
                        + timeout + ") and the next retrain takes it over.");
            }
            if (!takeOver(fs, registry, path, holder, me)) {
                break;
            }
        }
        throw new UserError("Registry " + registry + ": another retrain is taking over its stale lock at this moment; "
                + "this one is refused. Run it again once that retrain has finished.");
    }

    /**
     * Moves the stale lock of {@code holder} aside, if this contender is the first to claim its takeover marker
     * and the lock still is that holder's (false: another contender is taking it over).
     */
    private static boolean takeOver(Fs fs, Path registry, Path path, Holder holder, Holder me) {
        Path marker = new Path(registry, ".lock.takeover-" + holder.token());
        if (!fs.createNew(marker, me.token() + "\n")) {
            return false;
        }
        try {
            if (fs.exists(path) && holder.token().equals(read(fs, path).token())) {
                fs.rename(path, new Path(registry, ".lock.stale-" + UUID.randomUUID()));
            }
            return true;
        } finally {
            // a contender that read this holder earlier and claims the marker now finds another token at lock
            fs.deleteQuietly(marker);
        }
    }

    /** Stale locks moved aside, newest first, that a holder keeps (for the record); older ones it removes. */
    static final int KEEP_STALE = 5;

    /** Removes all but the {@value #KEEP_STALE} newest stale locks: each takeover leaves one, and retrains run for years. */
    private static void pruneStale(Fs fs, Path registry) {
        List<FileStatus> stale = new ArrayList<>();
        try {
            for (FileStatus st : fs.fileSystem(registry).listStatus(registry)) {
                if (st.getPath().getName().startsWith(".lock.stale-")) {
                    stale.add(st);
                }
            }
        } catch (IOException e) {
            return; // pruning is housekeeping: the next holder tries again
        }
        stale.sort(Comparator.comparingLong(FileStatus::getModificationTime).reversed());
        stale.stream().skip(KEEP_STALE).forEach(st -> fs.deleteQuietly(st.getPath()));
    }

    private static boolean tryCreate(Fs fs, Path path, Holder me) {
        FileSystem f = fs.fileSystem(path);
        try {
            byte[] content = JSON.writeValueAsBytes(me);
            if (f instanceof org.apache.hadoop.fs.LocalFileSystem || "file".equals(f.getUri().getScheme())) {
                // Hadoop's local create(overwrite=false) tests and then creates: two contenders can both pass
                java.nio.file.Path local = java.nio.file.Path.of(f.makeQualified(path).toUri());
                java.nio.file.Files.write(local, content, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            }
            try (OutputStream out = f.create(path, false)) {
                out.write(content);
            }
            return true;
        } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
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
            // an unreadable lock (its writer died mid-write) belongs to nobody alive; its token names this file
            return new Holder("?", -1, 0, "?", "unreadable-" + modified(fs, path));
        }
    }

    private static boolean stale(Fs fs, Path path, Holder holder, Duration timeout) {
        if (holder.pid() < 0) {
            // unreadable: empty while its writer is still writing it, or left half-written by a dead one
            return age(fs, path) > WRITE_GRACE_SECONDS * 1000L;
        }
        if (holder.host().equals(host())) {
            return !holder.mayBeAlive();
        }
        return age(fs, path) > timeout.toMillis();
    }

    /** Milliseconds since the lock was written or refreshed (0 if that cannot be read: not stale). */
    private static long age(Fs fs, Path path) {
        long modified = modified(fs, path);
        return modified == 0 ? 0 : System.currentTimeMillis() - modified;
    }

    private static long modified(Fs fs, Path path) {
        try {
            return fs.fileSystem(path).getFileStatus(path).getModificationTime();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long startMillis(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** The holder of this lock. */
    Holder holder() {
        return me;
    }

    /** The holder named in {@code bytes} (a lock or a version's run claim); empty if unreadable. */
    static Optional<Holder> parse(byte[] bytes) {
        try {
            return Optional.of(JSON.readValue(bytes, Holder.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static byte[] json(Holder holder) {
        try {
            return JSON.writeValueAsBytes(holder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks that this holder still holds the lock (another retrain may have judged it stale and taken
     * it over); called before anything that changes what readers see.
     */
    public void confirm() {
        Holder holder = fs.exists(path) ? read(fs, path) : null;
        if (holder == null || !me.token().equals(holder.token())) {
            throw new UserError("This retrain lost the registry lock " + path + (holder == null ? " (it is gone)"
                    : " to a retrain on " + holder.host() + " (pid " + holder.pid() + ")") + " while it trained, so it does "
                    + "not promote. Its version is written; the next retrain decides it. Raise retrain.lockTimeout if "
                    + "retrains outlast it.");
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
        HELD.remove(me.token());
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
