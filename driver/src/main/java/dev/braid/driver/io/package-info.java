/**
 * Storage. Every path Braid reads or writes is a Hadoop {@code FileSystem} path (a plain path is the
 * local file system; {@code hdfs://} and {@code s3a://} work the same way). {@link dev.braid.driver.io.RunLayout}
 * owns the layout of a run directory; {@link dev.braid.driver.io.ModelStore} writes model directories
 * atomically (a temporary directory, then a rename).
 */
package dev.braid.driver.io;
