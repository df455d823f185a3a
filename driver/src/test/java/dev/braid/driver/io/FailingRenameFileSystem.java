package dev.braid.driver.io;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A test file system ({@code failrename:///path}, the local disk underneath) whose renames onto a path named
 * {@link #target} fail — all of them, or, with {@link #onlyFromTemporary}, only those of a {@code .NAME.tmp-}
 * directory. Registered through the Hadoop configuration ({@code fs.failrename.impl}); production code knows
 * nothing of it.
 */
public final class FailingRenameFileSystem extends RawLocalFileSystem {
    /** The name of the destination whose renames fail; null: none. Tests set it. */
    public static volatile String target;
    public static volatile boolean onlyFromTemporary;

    @Override public URI getUri() {
        return URI.create("failrename:///");
    }

    @Override public String getScheme() {
        return "failrename";
    }

    @Override public boolean rename(Path src, Path dst) throws IOException {
        if (dst.getName().equals(target) && (!onlyFromTemporary || src.getName().contains(".tmp-"))) {
            throw new IOException("Input/output error (a failing rename, for the test)");
        }
        return super.rename(src, dst);
    }

    /** A configuration in which {@code failrename://} paths reach this file system. */
    public static org.apache.hadoop.conf.Configuration conf() {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        conf.set("fs.failrename.impl", FailingRenameFileSystem.class.getName());
        conf.setBoolean("fs.failrename.impl.disable.cache", true);
        return conf;
    }
}
