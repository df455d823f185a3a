package dev.braid.driver.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;

/**
 * Counts the executors Spark removes while a run trains (lost to a crash, killed, decommissioned), so
 * that each round's metrics say how many went and the run report can mark them on its curves. Spark's
 * listener bus is asynchronous: a loss is counted in the round during or just after which Spark
 * announced it.
 */
public final class ExecutorLosses extends SparkListener implements AutoCloseable {
    private final SparkContext sc;
    private final AtomicInteger removed = new AtomicInteger();
    private int reported;

    private ExecutorLosses(SparkContext sc) {
        this.sc = sc;
    }

    /** Starts counting on {@code sc}; {@link #close} stops. */
    public static ExecutorLosses watch(SparkContext sc) {
        ExecutorLosses l = new ExecutorLosses(sc);
        sc.addSparkListener(l);
        return l;
    }

    @Override public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
        removed.incrementAndGet();
    }

    /** Executors removed since the last call. */
    public int sinceLast() {
        int now = removed.get();
        int n = now - reported;
        reported = now;
        return n;
    }

    @Override public void close() {
        sc.removeSparkListener(this);
    }
}
