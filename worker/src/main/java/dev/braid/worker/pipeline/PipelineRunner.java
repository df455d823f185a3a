package dev.braid.worker.pipeline;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the stages of one minibatch, one thread per stage: a stage runs its schedule's ops in order,
 * taking each forward input from the previous stage's queue and each output gradient from the next
 * stage's. Queues are bounded by the micro-batch count, the most a schedule ever has in transit.
 * Every stage computes in a fixed order whatever the threads' timing, so results are deterministic.
 * Keeps each stage's busy time and the wall time for the pipeline benchmark.
 */
public final class PipelineRunner implements AutoCloseable {
    private record Message(int microBatch, Object payload) {
    }

    private final int stages;
    private final ThreadPoolExecutor pool;
    private final long[] busyNanos;
    private long wallNanos;

    public PipelineRunner(int stages) {
        this.stages = stages;
        this.busyNanos = new long[stages];
        // idle stage threads end after a minute: a model dropped from a cache leaves nothing running
        this.pool = new ThreadPoolExecutor(stages, stages, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "braid-pipeline-stage");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    public int stages() {
        return stages;
    }

    /** Runs {@code work[s]} (stage s) over {@code microBatches} micro-batches in {@code schedule}'s order. */
    public void run(StageWork[] work, Schedule schedule, int microBatches) {
        if (work.length != stages) {
            throw new IllegalArgumentException(work.length + " stages of work for a " + stages + "-stage pipeline");
        }
        @SuppressWarnings("unchecked")
        BlockingQueue<Message>[] forward = new BlockingQueue[stages];
        @SuppressWarnings("unchecked")
        BlockingQueue<Message>[] backward = new BlockingQueue[stages];
        for (int s = 0; s < stages; s++) {
            forward[s] = new ArrayBlockingQueue<>(microBatches);
            backward[s] = new ArrayBlockingQueue<>(microBatches);
        }
        long t0 = System.nanoTime();
        ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(pool);
        @SuppressWarnings("unchecked")
        Future<Void>[] futures = new Future[stages];
        for (int s = 0; s < stages; s++) {
            int stage = s;
            int[] ops = schedule.ops(s, stages, microBatches);
            futures[s] = done.submit(() -> {
                runStage(stage, ops, work[stage], forward, backward);
                return null;
            });
        }
        awaitAll(done, futures);
        wallNanos += System.nanoTime() - t0;
    }

    private void runStage(int s, int[] ops, StageWork work, BlockingQueue<Message>[] forward,
                          BlockingQueue<Message>[] backward) throws InterruptedException {
        for (int op : ops) {
            int m = Schedule.microBatch(op);
            if (Schedule.isForward(op)) {
                Object in = s == 0 ? null : take(forward[s - 1], m);
                long t = System.nanoTime();
                Object out = work.forward(m, in);
                busyNanos[s] += System.nanoTime() - t;
                if (s < stages - 1) {
                    forward[s].put(new Message(m, out));
                }
            } else {
                Object dOut = s == stages - 1 ? null : take(backward[s + 1], m);
                long t = System.nanoTime();
                Object dIn = work.backward(m, dOut);
                busyNanos[s] += System.nanoTime() - t;
                if (s > 0) {
                    backward[s].put(new Message(m, dIn));
                }
            }
        }
    }

    private static Object take(BlockingQueue<Message> queue, int expected) throws InterruptedException {
        Message msg = queue.take();
        if (msg.microBatch() != expected) {
            throw new IllegalStateException("stage expected micro-batch " + expected + " but received "
                    + msg.microBatch() + ": the stages' schedules disagree");
        }
        return msg.payload();
    }

    /** Waits for every stage; at the first failure the others are interrupted (they may wait on it forever). */
    private static void awaitAll(ExecutorCompletionService<Void> done, Future<Void>[] futures) {
        try {
            for (int i = 0; i < futures.length; i++) {
                done.take().get();
            }
        } catch (ExecutionException e) {
            for (Future<Void> f : futures) {
                f.cancel(true);
            }
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("a pipeline stage failed", cause);
        } catch (InterruptedException e) {
            for (Future<Void> f : futures) {
                f.cancel(true);
            }
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the pipeline ran", e);
        }
    }

    /** Nanoseconds stage s has spent computing since the last {@link #resetTimes()}. */
    public long busyNanos(int s) {
        return busyNanos[s];
    }

    /** Wall nanoseconds spent in {@link #run} since the last {@link #resetTimes()}. */
    public long wallNanos() {
        return wallNanos;
    }

    /** The measured idle fraction: {@code 1 - sum(busy) / (K * wall)}. */
    public double bubble() {
        long busy = 0;
        for (long b : busyNanos) {
            busy += b;
        }
        return wallNanos == 0 ? 0 : 1.0 - (double) busy / ((double) stages * wallNanos);
    }

    public void resetTimes() {
        java.util.Arrays.fill(busyNanos, 0);
        wallNanos = 0;
    }

    @Override public void close() {
        pool.shutdownNow();
    }
}
