package dev.braid.driver.train;

import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A round's start and its results by reference, for a local master, whose tasks run in the driver's JVM. Through
 * Spark, every round serialises the parameters and optimizer moments into broadcast pieces no other JVM reads,
 * and each task's result into bytes the same JVM reads back: for the translation model 127 MB three times a
 * round, and the garbage of it (G1 treats such arrays as humongous) cost more than a second a round
 * ({@code dev.braid.bench.RoundOverhead}). Here the tasks find the start under the round's number and leave their
 * results' arrays under it; Spark carries the rest of each result (its loss, weight, state) as before. A task
 * run again (a retry) leaves its result again; the driver takes each partition's once the job is done.
 */
final class InProcessRounds {
    private static final AtomicLong NEXT = new AtomicLong();
    private static final Map<Long, RoundStart> STARTS = new ConcurrentHashMap<>();
    private static final Map<Long, Map<Integer, RoundResult>> RESULTS = new ConcurrentHashMap<>();

    private InProcessRounds() {
    }

    /** Opens a round: its number, which the tasks' closure carries. */
    static long open(RoundStart start) {
        long id = NEXT.incrementAndGet();
        RESULTS.put(id, new ConcurrentHashMap<>());
        STARTS.put(id, start);
        return id;
    }

    static RoundStart start(long round) {
        RoundStart s = STARTS.get(round);
        if (s == null) {
            throw new IllegalStateException("in-process round " + round + " is not open: its tasks must run in the "
                    + "driver's JVM (a local master)");
        }
        return s;
    }

    /** Keeps a task's result; what Spark carries back instead: the same without the parameter arrays. */
    static RoundResult leave(long round, RoundResult r) {
        RESULTS.get(round).put(r.partition(), r);
        return new RoundResult(r.partition(), null, null, r.rnnState(), r.lossSum(), r.weight(), r.batches(),
                r.computeNanos(), r.nonFiniteBatch(), r.gradNormSum());
    }

    /** The whole result a task left for {@code carried}'s partition. */
    static RoundResult take(long round, RoundResult carried) {
        RoundResult r = RESULTS.get(round).get(carried.partition());
        if (r == null) {
            throw new IllegalStateException("in-process round " + round + ": no result of partition "
                    + carried.partition());
        }
        return r;
    }

    static void close(long round) {
        STARTS.remove(round);
        RESULTS.remove(round);
    }
}
