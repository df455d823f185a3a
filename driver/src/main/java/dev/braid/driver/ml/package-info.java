/**
 * Braid models as Spark ML pipeline stages: {@code Estimator}/{@code Model} pairs with {@code Params}, readable
 * and writable, that train through Braid's run lifecycle (data-parallel rounds, checkpoints, resume) on the
 * DataFrame's rows. Thin adapters: the training is the workloads', the scoring the workers'.
 */
package dev.braid.driver.ml;
