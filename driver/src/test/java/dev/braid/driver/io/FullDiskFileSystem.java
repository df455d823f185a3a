package dev.braid.driver.io;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A test file system ({@code full:///path}, the local disk underneath) that is full: once
 * {@link #capacity} bytes have been written in this JVM, every further write fails as Hadoop's local
 * file system reports ENOSPC — with an {@code FSError}, which is an {@code Error}, not an IOException.
 * Registered through the Hadoop configuration ({@code fs.full.impl}); production code knows nothing of it.
 */
public final class FullDiskFileSystem extends RawLocalFileSystem {
    /** Bytes that may still be written; tests set it. */
    public static volatile long capacity = Long.MAX_VALUE;

    @Override public URI getUri() {
        return URI.create("full:///");
    }

    @Override public String getScheme() {
        return "full";
    }

    @Override public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                               short replication, long blockSize, Progressable progress) throws IOException {
        return limited(super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                               Progressable progress) throws IOException {
        return limited(super.create(f, overwrite, bufferSize, replication, blockSize, progress));
    }

    private static FSDataOutputStream limited(FSDataOutputStream out) throws IOException {
        OutputStream full = new OutputStream() {
            @Override public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override public void write(byte[] b, int off, int len) throws IOException {
                if (capacity < len) {
                    throw org.apache.hadoop.fs.DiskErrors.fsError(new IOException("No space left on device"));
                }
                capacity -= len;
                out.write(b, off, len);
            }

            @Override public void close() throws IOException {
                out.close();
            }
        };
        return new FSDataOutputStream(full, null);
    }

    /** A configuration in which {@code full://} paths reach this file system. */
    public static org.apache.hadoop.conf.Configuration conf() {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        conf.set("fs.full.impl", FullDiskFileSystem.class.getName());
        conf.setBoolean("fs.full.impl.disable.cache", true);
        return conf;
    }
}
