package dev.braid.driver.run;

import dev.braid.driver.train.Checkpoints;
import dev.braid.driver.train.TrainState;
import java.io.PrintStream;
import java.util.Map;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * Checkpoint writing for a run, and the checkpoint a stopping process leaves: on SIGTERM or Ctrl-C the
 * JVM's shutdown hooks run, and this one — ahead of Spark's and of Hadoop's file-system cleanup — writes
 * the last consistent state (the end of the last round a checkpoint may hold) unless it is written
 * already, for up to {@code training.stopCheckpointTimeout}. A SIGKILL runs no hooks: the run then resumes from its last periodic checkpoint.
 */
final class StopCheckpoint implements AutoCloseable {
    /** Above Spark's hooks (context stop at 50, under its manager at 40) and Hadoop's file systems (10). */
    static final int PRIORITY = 100;
    private final Checkpoints checkpoints;
    private final Checkpoints.Context context;
    private final PrintStream out;
    private final Runnable hook = this::onStop;
    private TrainState pending;
    private Map<String, byte[]> pendingExtra = Map.of();
    private long written = -1;

    StopCheckpoint(Checkpoints checkpoints, Checkpoints.Context context, TrainState start, java.time.Duration timeout,
                   PrintStream out) {
        this.checkpoints = checkpoints;
        this.context = context;
        this.out = out;
        // a resumed run starts at its checkpoint, which is on disk already
        this.written = start.rounds() > 0 ? start.rounds() : -1;
        // Hadoop's default per-hook limit (hadoop.service.shutdown.timeout, 30 s) would cut a slow write off
        ShutdownHookManager.get().addShutdownHook(hook, PRIORITY, timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** {@code state} may be checkpointed as it is now (with the selection's {@code extra} files). */
    synchronized void consistent(TrainState state, Map<String, byte[]> extra) {
        pending = state.copy();
        pendingExtra = extra;
    }

    /** Writes {@code state} now, unless its round is written already. */
    synchronized void write(TrainState state, Map<String, byte[]> extra) {
        if (state.rounds() > 0 && state.rounds() != written) {
            checkpoints.write(state, context, extra);
            written = state.rounds();
        }
        pending = null;
    }

    private synchronized void onStop() {
        if (pending != null && pending.rounds() != written) {
            checkpoints.write(pending, context, pendingExtra);
            written = pending.rounds();
            out.println("Stopped: checkpoint of round " + written + " written; continue with --resume.");
            out.flush();
        }
    }

    @Override public void close() {
        if (!ShutdownHookManager.get().isShutdownInProgress()) {
            ShutdownHookManager.get().removeShutdownHook(hook);
        }
    }
}
