package dev.braid.driver.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.braid.driver.UserError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26, items 1 and 2: runs started at the same moment never share a directory, and --overwrite keeps
 * the earlier run until the new one has finished or has a checkpoint. Before this, eight runs started in one
 * second all got the same directory, and --overwrite deleted the earlier run during preflight.
 */
class RunDirectoryTest {
    private static final int RUNS = 8;
    private final Fs fs = Fs.local();
    private final LocalDateTime now = LocalDateTime.of(2026, 12, 6, 12, 0, 0);

    @TempDir java.nio.file.Path tmp;

    @Test void runsStartedInTheSameSecondEachGetTheirOwnDefaultDirectory() throws Exception {
        String base = tmp.resolve("sweep").toString();
        List<Object> got = atOnce(() -> RunDirectory.create(fs, null, base, now, false).root());
        Set<Object> distinct = new HashSet<>(got);
        assertEquals(RUNS, distinct.size(), "each run its own directory: " + got);
        assertTrue(distinct.contains(fs.qualify(base + "-20261206-120000")), "the first keeps the plain name: " + got);
        assertTrue(distinct.contains(fs.qualify(base + "-20261206-120000-" + RUNS)), "the rest are numbered on: " + got);
    }

    @Test void ofRunsStartedAtOnceIntoOneRunDirExactlyOneGetsIt() throws Exception {
        String dir = tmp.resolve("shared").toString();
        List<Object> got = atOnce(() -> RunDirectory.create(fs, dir, "unused", now, false).root());
        assertEquals(1, got.stream().filter(Path.class::isInstance).count(), "one run: " + got);
        got.stream().filter(String.class::isInstance).forEach(m -> assertTrue(((String) m).contains("--run-dir " + dir),
                "the others are refused, naming the directory: " + m));
        assertOneRefused(() -> RunDirectory.create(fs, dir, "unused", now, false), "belongs to another run", "--overwrite");
    }

    @Test void anOverwriteThatFailsBeforeItsFirstCheckpointPutsTheEarlierRunBack() throws Exception {
        RunLayout earlier = runWithModel("run");
        byte[] params = Files.readAllBytes(local(new Path(earlier.model(), "params.bin")));
        RunLayout next = RunDirectory.create(fs, earlier.root().toString(), "unused", now, true);
        assertFalse(fs.exists(earlier.model()), "the earlier run is out of the way while the new one runs");
        assertTrue(fs.exists(new Path(next.replaced(), "model/params.bin")), "but kept");
        fs.writeText(next.config(), "the new run's config");
        List<String> said = new ArrayList<>();
        next.failed(fs, said::add);
        assertEquals("earlier config", fs.readText(earlier.config()));
        assertTrue(java.util.Arrays.equals(params, Files.readAllBytes(local(new Path(earlier.model(), "params.bin")))));
        assertEquals(List.of(), fs.list(earlier.root()).stream().map(Path::getName).filter(n -> n.startsWith(".replaced"))
                .toList());
        assertTrue(said.get(0).contains("is back in place"), said.toString());
        assertOneRefused(() -> RunDirectory.create(fs, earlier.root().toString(), "unused", now, false), "already holds a run");
    }

    @Test void aFinishedOverwriteDeletesTheEarlierRunAndAResumableOneKeepsIt() throws Exception {
        RunLayout earlier = runWithModel("run");
        RunLayout next = RunDirectory.create(fs, earlier.root().toString(), "unused", now, true);
        fs.mkdirs(next.checkpoint(10));
        List<String> said = new ArrayList<>();
        next.failed(fs, said::add);
        assertTrue(fs.exists(next.replaced()), "a run with a checkpoint can be resumed: the earlier one stays aside");
        assertFalse(fs.exists(earlier.model()));
        assertTrue(said.get(0).contains("--resume"), said.toString());
        RunLayout.existing(fs, earlier.root().toString()).finished(fs);
        assertFalse(fs.exists(next.replaced()), "the resumed run finished: what it replaced is gone");
        assertTrue(fs.exists(next.checkpoint(10)));
    }

    private RunLayout runWithModel(String name) {
        RunLayout run = RunDirectory.create(fs, tmp.resolve(name).toString(), "unused", now, false);
        fs.writeText(run.config(), "earlier config");
        fs.writeDirectory(run.model(), java.util.Map.of("params.bin", "weights".getBytes(StandardCharsets.UTF_8)));
        return run;
    }

    private static java.nio.file.Path local(Path p) {
        return java.nio.file.Path.of(p.toUri());
    }

    /** Runs {@code task} on {@link #RUNS} threads released together: each result, or the message of its UserError. */
    private static List<Object> atOnce(Callable<Object> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RUNS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    try {
                        return task.call();
                    } catch (UserError e) {
                        return e.getMessage();
                    }
                }));
            }
            go.countDown();
            List<Object> out = new ArrayList<>();
            for (Future<Object> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertOneRefused(Runnable start, String... words) {
        try {
            start.run();
        } catch (UserError e) {
            for (String w : words) {
                assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
            }
            return;
        }
        throw new AssertionError("not refused");
    }
}
