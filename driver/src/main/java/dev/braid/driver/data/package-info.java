/**
 * Data on Spark: reading documents through Hadoop file systems, building the vocabulary with Spark,
 * and cutting an ordered corpus into consecutive streams held one block per partition
 * ({@link dev.braid.driver.data.StreamSharder}, {@link dev.braid.driver.data.ConsecutivePartitioner}).
 * Nothing here collects a corpus to the driver: only per-document lengths and symbol counts travel.
 */
package dev.braid.driver.data;
