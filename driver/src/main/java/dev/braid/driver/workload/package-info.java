/**
 * Workloads: each wires data reading, sharding, the training master, model saving and evaluation for
 * one kind of model. They hold no math (that is the worker's) and no Spark function bodies beyond
 * one-line adapters.
 */
package dev.braid.driver.workload;
