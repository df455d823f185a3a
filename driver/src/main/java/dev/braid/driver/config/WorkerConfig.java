package dev.braid.driver.config;

import dev.braid.worker.kernel.DeviceChoice;

/**
 * Inside each task: BLAS threads (match {@code spark.task.cpus}; 1 when tasks share the cores), and
 * where the task computes: {@code cpu}, {@code cuda} (a GPU or an error) or {@code auto} (a GPU when
 * the task has one, else the CPU, saying why).
 */
public record WorkerConfig(int blasThreads, DeviceChoice.Mode device) {
    public WorkerConfig {
        Check.atLeast("blasThreads", blasThreads, 1);
    }
}
