package dev.braid.driver.train;

import org.apache.spark.TaskContext;

/**
 * Fault injection for tests of task retries: with the system property {@code braid.test.failPartition}
 * set to a partition index, the first attempt of that partition's task in every round fails once.
 * The property is read on the executor (local mode in tests); unset, this does nothing.
 */
final class RoundFaults {
    private RoundFaults() {
    }

    static void maybeFail(int partition) {
        String target = System.getProperty("braid.test.failPartition");
        TaskContext ctx = TaskContext.get();
        if (target != null && ctx != null && Integer.parseInt(target) == partition && ctx.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure of partition " + partition + " (braid.test.failPartition)");
        }
    }
}
