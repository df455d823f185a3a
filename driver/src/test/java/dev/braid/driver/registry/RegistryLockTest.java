package dev.braid.driver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry lock judged against real processes: a live holder is respected, a holder whose PID now belongs
 * to another process (a reused PID) or to this very process (the container case: the next retrain gets the dead
 * one's PID) is stale, a stale lock taken over by many contenders at once goes to exactly one, and a version's run
 * directory is reused only when its retrain is provably gone.
 */
class RegistryLockTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private final List<Process> sleepers = new ArrayList<>();

    @AfterEach
    void stopSleepers() {
        sleepers.forEach(Process::destroyForcibly);
    }

    private Process sleeper() throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        sleepers.add(p);
        return p;
    }

    private static long started(ProcessHandle p) {
        return p.info().startInstant().orElseThrow().toEpochMilli();
    }

    private static void writeLock(Path registry, long pid, long started, String token) throws Exception {
        Files.createDirectories(registry);
        Files.writeString(registry.resolve("lock"), new ObjectMapper().writeValueAsString(new RegistryLock.Holder(
                InetAddress.getLocalHost().getHostName(), pid, started, "earlier", token)));
    }

    private static org.apache.hadoop.fs.Path qualified(Path registry) {
        return Fs.local().qualify(registry.toString());
    }

    @Test
    void aLiveHolderIsRespectedAndAReusedPidIsNot(@TempDir Path dir) throws Exception {
        Process other = sleeper();
        writeLock(dir, other.pid(), started(other.toHandle()), "live");
        assertThatThrownBy(() -> RegistryLock.acquire(Fs.local(), qualified(dir), TIMEOUT))
                .isInstanceOf(UserError.class).hasMessageContaining("is locked by a retrain").hasMessageContaining("pid " + other.pid());

        // the holder started a minute before the process that has its PID now: that PID was reused
        writeLock(dir, other.pid(), started(other.toHandle()) - 60_000, "dead-with-reused-pid");
        try (RegistryLock lock = RegistryLock.acquire(Fs.local(), qualified(dir), TIMEOUT)) {
            assertThat(lock.holder().pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(Files.readString(dir.resolve("lock"))).contains(lock.holder().token());
        }
        assertThat(dir.resolve("lock")).doesNotExist();
    }

    @Test
    void aLockNamingThisProcessThatNoOpenLockHoldsIsStale(@TempDir Path dir) throws Exception {
        // in a container the killed retrain and the next one both run as PID 1 (or any equal PID)
        ProcessHandle self = ProcessHandle.current();
        writeLock(dir, self.pid(), started(self), "killed-retrain");
        try (RegistryLock lock = RegistryLock.acquire(Fs.local(), qualified(dir), TIMEOUT)) {
            // and the lock this process now holds is live for a second contender in it
            assertThatThrownBy(() -> RegistryLock.acquire(Fs.local(), qualified(dir), TIMEOUT))
                    .isInstanceOf(UserError.class).hasMessageContaining("is locked by a retrain");
            assertThat(lock.holder().token()).isNotEqualTo("killed-retrain");
        }
    }

    /** Every takeover moves a lock aside; the holder keeps the newest few, so years of retrains leave no heap. */
    @Test
    void aHolderKeepsOnlyTheNewestStaleLocks(@TempDir Path dir) throws Exception {
        Path registry = Files.createDirectories(dir.resolve("reg"));
        for (int i = 0; i < 12; i++) {
            Path old = Files.writeString(registry.resolve(".lock.stale-old" + i), "{}");
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        writeLock(registry, ProcessHandle.current().pid(), started(ProcessHandle.current()), "stale-now");
        try (RegistryLock lock = RegistryLock.acquire(Fs.local(), qualified(registry), TIMEOUT)) {
            List<String> left;
            try (var files = Files.list(registry)) {
                left = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".lock.stale-")).toList();
            }
            // the lock just taken over (newest) and the four newest of the old ones
            assertThat(left).hasSize(RegistryLock.KEEP_STALE).contains(".lock.stale-old11", ".lock.stale-old8")
                    .doesNotContain(".lock.stale-old7", ".lock.stale-old0");
        }
    }

    @Test
    void aStaleLockTakenOverByManyAtOnceGoesToOne(@TempDir Path dir) throws Exception {
        int contenders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            for (int round = 0; round < 40; round++) {
                Path registry = Files.createDirectories(dir.resolve("r" + round));
                writeLock(registry, ProcessHandle.current().pid(), started(ProcessHandle.current()), "stale-" + round);
                CyclicBarrier start = new CyclicBarrier(contenders);
                CyclicBarrier done = new CyclicBarrier(contenders);
                List<Future<Boolean>> got = new ArrayList<>();
                for (int c = 0; c < contenders; c++) {
                    got.add(pool.submit(() -> {
                        start.await();
                        RegistryLock lock = null;
                        try {
                            lock = RegistryLock.acquire(Fs.local(), qualified(registry), TIMEOUT);
                        } catch (UserError refused) {
                            // another contender has it
                        }
                        done.await(); // every lock taken is held until all contenders have tried
                        if (lock != null) {
                            lock.close();
                        }
                        return lock != null;
                    }));
                }
                int holders = 0;
                for (Future<Boolean> f : got) {
                    holders += f.get(1, TimeUnit.MINUTES) ? 1 : 0;
                }
                assertThat(holders).as("contenders that took the stale lock in round " + round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aVersionRunDirectoryIsReusedOnlyWhenItsRetrainIsGone(@TempDir Path dir) throws Exception {
        Registry registry = new Registry(Fs.local(), qualified(dir));
        List<String> said = new ArrayList<>();
        try (RegistryLock lock = RegistryLock.acquire(Fs.local(), registry.root(), TIMEOUT)) {
            // v0001: a retrain on another host that lost the lock but may still train; v0002: a dead local one
            claim(dir, "v0001", new RegistryLock.Holder("another-host", 7, 1, "earlier", "slow"));
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            claim(dir, "v0002", new RegistryLock.Holder(InetAddress.getLocalHost().getHostName(), gone.pid(), 1, "earlier",
                    "killed"));
            Files.writeString(dir.resolve("runs/v0002/metrics.jsonl"), "{}\n");
            assertThat(registry.claimNextVersion(lock, said::add)).isEqualTo("v0002");
            assertThat(dir.resolve("runs/v0001/metrics.jsonl")).as("the live retrain's run is left alone").exists();
            assertThat(dir.resolve("runs/v0002/metrics.jsonl")).as("the dead retrain's partial run is removed").doesNotExist();
            assertThat(Files.readString(dir.resolve("runs/v0002/" + Registry.CLAIM))).contains(lock.holder().token());
            assertThat(said).anyMatch(s -> s.contains("v0001") && s.contains("may still be running"));
            assertThat(registry.claimNextVersion(lock, said::add)).as("a claimed number is not handed out twice")
                    .isEqualTo("v0003");
        }
    }

    private static void claim(Path registry, String version, RegistryLock.Holder holder) throws Exception {
        Path run = Files.createDirectories(registry.resolve("runs").resolve(version));
        Files.write(run.resolve(Registry.CLAIM), RegistryLock.json(holder));
        Files.writeString(run.resolve("metrics.jsonl"), "{}\n");
    }
}
