package dev.braid.driver.config;

/** Inside each task: BLAS threads (match {@code spark.task.cpus}; 1 when tasks share the cores). */
public record WorkerConfig(int blasThreads) {
    public WorkerConfig {
        Check.atLeast("blasThreads", blasThreads, 1);
    }
}
