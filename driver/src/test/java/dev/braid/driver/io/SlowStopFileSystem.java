package dev.braid.driver.io;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * A test file system ({@code slowstop:///path}, the local disk underneath) that is slow while the JVM shuts
 * down: once shutdown hooks run, the first file created takes {@code -Dbraid.test.stopWriteDelayMs} milliseconds, and
 * the wait ignores interrupts, as a write blocked on a busy name node would. Registered through the Hadoop
 * configuration ({@code spark.hadoop.fs.slowstop.impl}); production code knows nothing of it.
 */
public final class SlowStopFileSystem extends RawLocalFileSystem {
    private static final java.util.concurrent.atomic.AtomicBoolean DELAYED = new java.util.concurrent.atomic.AtomicBoolean();

    @Override public URI getUri() {
        return URI.create("slowstop:///");
    }

    @Override public String getScheme() {
        return "slowstop";
    }

    @Override public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                               short replication, long blockSize, Progressable progress) throws IOException {
        slowWhileStopping();
        return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                               Progressable progress) throws IOException {
        slowWhileStopping();
        return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
    }

    private static void slowWhileStopping() {
        if (!ShutdownHookManager.get().isShutdownInProgress() || DELAYED.getAndSet(true)) {
            return;
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.getLong("braid.test.stopWriteDelayMs", 0));
        while (System.nanoTime() < until) {
            try {
                Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
            } catch (InterruptedException e) {
                // a blocked write does not notice the interrupt either
            }
        }
    }
}
