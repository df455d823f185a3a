/**
 * The run lifecycle, written once for every workload: run directory, start mode (fresh, resume, warm
 * start from a model), the training master's rounds with metrics, progress, checkpoints (also on
 * SIGTERM), time limit and divergence rollback, model save and report. A checkpoint may be resumed on another
 * number of workers where the workload's data can be dealt anew ({@link dev.braid.driver.run.Elastic}). A {@link dev.braid.driver.run.Workload}
 * supplies only what differs: its data as cached per-partition blocks, its model spec, its per-epoch
 * selection and its report.
 */
package dev.braid.driver.run;
