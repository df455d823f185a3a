package dev.braid.worker.pipeline;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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

    /** How often a stage waiting on a neighbour checks whether another stage failed. */
    private static final long WAIT_MS = 50;

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
        Run run = new Run(forward, backward, new CountDownLatch(stages));
        for (int s = 0; s < stages; s++) {
            int stage = s;
            int[] ops = schedule.ops(s, stages, microBatches);
            pool.execute(() -> {
                try {
                    runStage(stage, ops, work[stage], run);
                } catch (Throwable t) {
                    run.fail(t);
                } finally {
                    run.ended().countDown();
                }
            });
        }
        run.await();
        wallNanos += System.nanoTime() - t0;
    }

    /**
     * One minibatch's queues, and its first failure: a failing stage stops the others (they would wait
     * on it forever), and the failure is thrown only once every stage has stopped, so none still writes
     * gradients or buffers when the caller goes on.
     */
    private record Run(BlockingQueue<Message>[] forward, BlockingQueue<Message>[] backward, CountDownLatch ended,
                       AtomicReference<Throwable> failure) {
        Run(BlockingQueue<Message>[] forward, BlockingQueue<Message>[] backward, CountDownLatch ended) {
            this(forward, backward, ended, new AtomicReference<>());
        }

        void fail(Throwable t) {
            failure.compareAndSet(null, t);
        }

        boolean failed() {
            return failure.get() != null;
        }

        Object take(BlockingQueue<Message> queue, int expected) throws InterruptedException {
            Message msg;
            while ((msg = queue.poll(WAIT_MS, TimeUnit.MILLISECONDS)) == null) {
                if (failed()) {
                    throw new Stopped();
                }
            }
            if (msg.microBatch() != expected) {
                throw new IllegalStateException("stage expected micro-batch " + expected + " but received "
                        + msg.microBatch() + ": the stages' schedules disagree");
            }
            return msg.payload();
        }

        void put(BlockingQueue<Message> queue, Message msg) throws InterruptedException {
            while (!queue.offer(msg, WAIT_MS, TimeUnit.MILLISECONDS)) {
                if (failed()) {
                    throw new Stopped();
                }
            }
        }

        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    ended.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    fail(e);
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error err) {
                throw err;
            }
            if (t != null) {
                throw new IllegalStateException("a pipeline stage failed", t);
            }
        }
    }

    /** A stage stopping because another failed; never the failure reported. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private void runStage(int s, int[] ops, StageWork work, Run run) throws InterruptedException {
        for (int op : ops) {
            if (run.failed()) {
                return;
            }
            int m = Schedule.microBatch(op);
            if (Schedule.isForward(op)) {
                Object in = s == 0 ? null : run.take(run.forward()[s - 1], m);
                long t = System.nanoTime();
                Object out = work.forward(m, in);
                busyNanos[s] += System.nanoTime() - t;
                if (s < stages - 1) {
                    run.put(run.forward()[s], new Message(m, out));
                }
            } else {
                Object dOut = s == stages - 1 ? null : run.take(run.backward()[s + 1], m);
                long t = System.nanoTime();
                Object dIn = work.backward(m, dOut);
                busyNanos[s] += System.nanoTime() - t;
                if (s > 0) {
                    run.put(run.backward()[s], new Message(m, dIn));
                }
            }
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
