package dev.braid.driver.spark;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * Names the Spark jobs of a run, so that the Spark UI and the event log read as the run does: each phase
 * (preparing the data, a round, a validation, the report) is a job group whose description says what it is,
 * e.g. "braid g2p-cmudict: epoch 2, round 14 (batches 61-70 of 240)". The group holds for the jobs the
 * calling thread starts until the next phase is named.
 */
public final class JobNames {
    private JobNames() {
    }

    /** Names the jobs that follow: group {@code braid:RUN:KEY}, description {@code braid RUN: WHAT}. */
    public static void phase(JavaSparkContext sc, String run, String key, String what) {
        sc.setJobGroup("braid:" + run + ":" + key, "braid " + run + ": " + what, false);
    }
}
