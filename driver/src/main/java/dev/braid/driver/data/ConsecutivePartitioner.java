package dev.braid.driver.data;

import org.apache.spark.Partitioner;

/**
 * Sends stream {@code s} to partition {@code s / rowsPerPartition}: partition w owns the consecutive
 * streams {@code [wB, (w+1)B)}, which become the B rows of its minibatches.
 */
public final class ConsecutivePartitioner extends Partitioner {
    private final int partitions;
    private final int rowsPerPartition;

    public ConsecutivePartitioner(int partitions, int rowsPerPartition) {
        this.partitions = partitions;
        this.rowsPerPartition = rowsPerPartition;
    }

    @Override public int numPartitions() {
        return partitions;
    }

    @Override public int getPartition(Object key) {
        int stream = (Integer) key;
        int p = stream / rowsPerPartition;
        if (p < 0 || p >= partitions) {
            throw new IllegalArgumentException("stream " + stream + " outside " + partitions + " x " + rowsPerPartition);
        }
        return p;
    }

    @Override public boolean equals(Object o) {
        return o instanceof ConsecutivePartitioner c && c.partitions == partitions && c.rowsPerPartition == rowsPerPartition;
    }

    @Override public int hashCode() {
        return partitions * 31 + rowsPerPartition;
    }
}
