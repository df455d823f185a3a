/**
 * Data on Spark: reading documents through Hadoop file systems, building the vocabulary with Spark,
 * and cutting an ordered corpus into consecutive streams held one block per partition
 * ({@link dev.braid.driver.data.StreamSharder}, {@link dev.braid.driver.data.ConsecutivePartitioner}).
 * Nothing here collects a corpus to the driver: only per-document lengths and symbol counts travel. A
 * forecaster's series is the exception: small (one row a day), it is read whole on the driver before Spark
 * starts ({@link dev.braid.driver.data.SeriesReader}, CSV or Parquet), so that an error names its file and line.
 */
package dev.braid.driver.data;
