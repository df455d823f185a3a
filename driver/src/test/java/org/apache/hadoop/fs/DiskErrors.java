package org.apache.hadoop.fs;

import java.io.IOException;

/**
 * Test access to {@link FSError}'s package-private constructor: the Error Hadoop's local file system
 * throws when a write fails (ENOSPC), which tests of a full disk must raise the same way.
 */
public final class DiskErrors {
    private DiskErrors() {
    }

    public static FSError fsError(IOException cause) {
        return new FSError(cause);
    }
}
