/**
 * Spark plumbing: starting the session (embedded {@code local[*]} bound to loopback, or a cluster
 * master), and shipping the driver's Hadoop configuration to executors.
 */
package dev.braid.driver.spark;
