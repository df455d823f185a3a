package dev.braid.driver.io;

import dev.braid.driver.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Hadoop file-system operations with Braid's error handling: missing inputs become {@link UserError}s. */
public final class Fs {
    private final Configuration conf;

    public Fs(Configuration conf) {
        this.conf = conf;
    }

    /** The local file system with default Hadoop settings (before a Spark context exists). */
    public static Fs local() {
        return new Fs(new Configuration());
    }

    public Configuration conf() {
        return conf;
    }

    public FileSystem fileSystem(Path path) {
        try {
            return path.getFileSystem(conf);
        } catch (IOException e) {
            throw new UserError("Cannot open the file system of " + path + ": " + e.getMessage()
                    + ". Check the URI scheme and that the file system is reachable.", e);
        }
    }

    public Path qualify(String path) {
        Path p = new Path(path);
        return fileSystem(p).makeQualified(p);
    }

    public boolean exists(Path path) {
        try {
            return fileSystem(path).exists(path);
        } catch (IOException e) {
            throw unreachable(path, e);
        }
    }

    /**
     * A file-system operation on {@code path} failed with an I/O error (a NameNode that does not answer,
     * a lost connection): one paragraph for the user rather than a trace.
     */
    static UserError unreachable(Object path, IOException e) {
        return new UserError("Cannot reach " + path + ": " + rootMessage(e) + ". Check that its file system is up and "
                + "reachable from here (for hdfs://, the NameNode's host and port) and that the path is right.", e);
    }

    public boolean isDirectory(Path path) {
        try {
            return fileSystem(path).getFileStatus(path).isDirectory();
        } catch (java.io.FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw unreachable(path, e);
        }
    }

    /**
     * Checks, before any work starts, that {@code output} (given as option {@code option}) may be written
     * as a file: not a directory, not the file {@code input} names, and not an existing file unless
     * {@code overwrite}. Returns it qualified.
     */
    public Path outputFile(String output, String option, boolean overwrite, String input) {
        Path out = qualify(output);
        if (input != null && sameFile(out, qualify(input))) {
            throw new UserError(option + " " + output + " is the input file " + input + "; writing it would destroy "
                    + "the input while it is read. Give another output path.");
        }
        if (exists(out)) {
            if (isDirectory(out)) {
                throw new UserError(option + " " + output + " is an existing directory; the output is one file. Give a "
                        + "file path, e.g. " + new Path(output, "out.txt") + ".");
            }
            if (!overwrite) {
                throw new UserError(option + " " + output + " exists. Give a new path, or --overwrite to replace it.");
            }
        }
        writableDirectory(out.getParent(), option, output);
        return out;
    }

    /** The directory {@code dir} of an output exists (created if need be) and takes a file, checked before any job. */
    private void writableDirectory(Path dir, String option, String output) {
        String why;
        try {
            FileSystem fs = fileSystem(dir);
            if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
                why = dir + " is a file";
            } else if (!fs.mkdirs(dir)) {
                why = "its directory " + dir + " cannot be created";
            } else {
                Path probe = new Path(dir, "." + UUID.randomUUID() + ".probe");
                fs.create(probe, false).close();
                fs.delete(probe, false);
                return;
            }
        } catch (IOException | org.apache.hadoop.fs.FSError e) {
            why = "its directory " + dir + " cannot be written (" + rootMessage(e) + ")";
        }
        throw new UserError(option + " " + output + ": " + why + ". Give a path in a directory you can write to.");
    }

    private boolean sameFile(Path a, Path b) {
        if (a.equals(b)) {
            return true;
        }
        if ("file".equals(a.toUri().getScheme()) && "file".equals(b.toUri().getScheme()) && exists(a) && exists(b)) {
            try {
                return java.nio.file.Files.isSameFile(java.nio.file.Path.of(a.toUri()), java.nio.file.Path.of(b.toUri()));
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /** Deletes {@code path} (recursively), failing loudly: for what the user asked to replace. */
    public void delete(Path path) {
        try {
            FileSystem fs = fileSystem(path);
            if (fs.exists(path) && !fs.delete(path, true)) {
                throw new IOException("delete returned false");
            }
        } catch (IOException e) {
            throw new UserError("Cannot delete " + path + ": " + e.getMessage() + ". Check its permissions.", e);
        }
    }

    public static Optional<String> readTextIfExists(String path) {
        Fs fs = local();
        Path p = new Path(path);
        return fs.exists(p) ? Optional.of(fs.readText(p)) : Optional.empty();
    }

    public String readText(Path path) {
        return new String(readBytes(path), StandardCharsets.UTF_8);
    }

    public byte[] readBytes(Path path) {
        try (InputStream in = fileSystem(path).open(path)) {
            return in.readAllBytes();
        } catch (java.io.FileNotFoundException e) {
            throw new UserError("File " + path + " does not exist.", e);
        } catch (IOException e) {
            throw new UserError("Cannot read " + path + ": " + e.getMessage() + ". The file is damaged or unreadable; "
                    + "restore or regenerate it.", e);
        }
    }

    /**
     * The bytes of {@code path} as stored, without the check against Hadoop's hidden {@code .crc} file
     * (content is verified by a {@link Manifest}; a copy that lost or kept a stale {@code .crc} must
     * still be readable to be judged).
     */
    public byte[] readBytesUnchecked(Path path) {
        FileSystem fs = fileSystem(path);
        FileSystem raw = fs instanceof org.apache.hadoop.fs.ChecksumFileSystem c ? c.getRawFileSystem() : fs;
        try (InputStream in = raw.open(path)) {
            return in.readAllBytes();
        } catch (java.io.FileNotFoundException e) {
            throw new UserError("File " + path + " does not exist.", e);
        } catch (IOException e) {
            throw new UserError("Cannot read " + path + ": " + e.getMessage() + ".", e);
        }
    }

    /** The plain files among {@code statuses}, hidden ('.') and marker ('_') files left out, sorted by name. */
    private static List<Path> visibleFilesByName(FileStatus[] statuses) {
        return Arrays.stream(statuses).filter(FileStatus::isFile)
                .filter(s -> !s.getPath().getName().startsWith(".") && !s.getPath().getName().startsWith("_"))
                .sorted(Comparator.comparing(s -> s.getPath().getName())).map(FileStatus::getPath).toList();
    }

    private static boolean isGlob(String location) {
        return location.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static List<Path> matching(FileSystem fs, Path pattern, String location) throws IOException {
        FileStatus[] found = fs.globStatus(pattern);
        List<Path> files = found == null ? List.of() : visibleFilesByName(found);
        if (files.isEmpty()) {
            throw new UserError("Data pattern " + location + " matches no files. Check the pattern (Hadoop glob syntax: "
                    + "* ? [a-z] {a,b}) or fetch the datasets with scripts/fetch-datasets.");
        }
        return files;
    }

    /**
     * The documents of a corpus: the file itself, or the files of a directory (not recursive; hidden
     * files and files starting with '_' skipped) sorted by name, or the files a glob pattern matches
     * (Hadoop syntax, e.g. {@code datasets/sotu/train/19[5-9]*}) sorted by name.
     */
    public List<Path> documents(String location) {
        Path p = qualify(location);
        try {
            FileSystem fs = fileSystem(p);
            if (isGlob(location)) {
                return matching(fs, p, location);
            }
            if (!fs.exists(p)) {
                throw new UserError("Data path " + location + " does not exist. Fetch the datasets with scripts/fetch-datasets, "
                        + "or set data.train / data.test to an existing file or directory.");
            }
            FileStatus status = fs.getFileStatus(p);
            if (status.isFile()) {
                return List.of(status.getPath());
            }
            List<Path> files = visibleFilesByName(fs.listStatus(p));
            if (files.isEmpty()) {
                throw new UserError("Data directory " + location + " holds no files.");
            }
            return files;
        } catch (IOException e) {
            throw unreachable(location, e);
        }
    }

    /** Whether {@link #documents} finds anything at {@code location}: a path that exists, or a glob that matches. */
    public boolean hasDocuments(String location) {
        Path p = qualify(location);
        try {
            FileSystem fs = fileSystem(p);
            if (isGlob(location)) {
                FileStatus[] matches = fs.globStatus(p);
                return matches != null && matches.length > 0;
            }
            return fs.exists(p);
        } catch (IOException e) {
            throw unreachable(location, e);
        }
    }

    /** Writes a file through a temporary sibling and a rename, so readers never see half of it. */
    public void writeAtomically(Path path, byte[] content) {
        Path tmp = new Path(path.getParent(), "." + path.getName() + ".tmp-" + UUID.randomUUID());
        FileSystem fs = fileSystem(path);
        try {
            try (FSDataOutputStream out = fs.create(tmp, true)) {
                out.write(content);
            }
            replace(fs, tmp, path);
        } catch (IOException | RuntimeException | org.apache.hadoop.fs.FSError e) {
            deleteQuietly(tmp);
            throw new UserError("Cannot write " + path + ": " + rootMessage(e) + ". Free space or fix the permissions of "
                    + path.getParent() + ", then run again.", e);
        }
    }

    /**
     * Moves {@code tmp} over {@code path} in one step, so that a crash leaves the old file or the new one,
     * never neither: the OS's rename on the local disk (Hadoop's checksum of the old file goes first: a
     * file without one is read unchecked, one with a stale one would not be readable), the name node's
     * rename-with-overwrite elsewhere; delete-then-rename only where a file system offers neither.
     */
    private void replace(FileSystem fs, Path tmp, Path path) throws IOException {
        if ("file".equals(path.toUri().getScheme())) {
            java.nio.file.Path target = java.nio.file.Path.of(path.toUri());
            java.nio.file.Path source = java.nio.file.Path.of(tmp.toUri());
            java.nio.file.Files.deleteIfExists(target.resolveSibling("." + target.getFileName() + ".crc"));
            java.nio.file.Path sourceCrc = source.resolveSibling("." + source.getFileName() + ".crc");
            java.nio.file.Files.move(source, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            java.nio.file.Files.deleteIfExists(sourceCrc);
            return;
        }
        try {
            org.apache.hadoop.fs.FileContext.getFileContext(path.toUri(), conf).rename(tmp, path,
                    org.apache.hadoop.fs.Options.Rename.OVERWRITE);
        } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
            if (fs.exists(path)) {
                fs.delete(path, false);
            }
            rename(fs, tmp, path);
        }
    }

    /**
     * Writes the files of a directory under a temporary sibling, then renames it into place (an
     * existing directory is moved aside first and deleted after). Readers see the old directory or the
     * new one, never a mixture or half-written files.
     */
    public void writeDirectory(Path dir, java.util.Map<String, byte[]> files) {
        Path tmp = new Path(dir.getParent(), "." + dir.getName() + ".tmp-" + UUID.randomUUID());
        FileSystem fs = fileSystem(dir);
        try {
            fs.mkdirs(tmp);
            for (var e : Manifest.withManifest(files).entrySet()) {
                try (FSDataOutputStream out = fs.create(new Path(tmp, e.getKey()), true)) {
                    out.write(e.getValue());
                }
            }
            if (fs.exists(dir)) {
                Path old = new Path(dir.getParent(), "." + dir.getName() + ".old-" + UUID.randomUUID());
                rename(fs, dir, old);
                try {
                    rename(fs, tmp, dir);
                } catch (RuntimeException e) {
                    // the old directory goes back where it was, or the message says where it is
                    try {
                        rename(fs, old, dir);
                    } catch (RuntimeException again) {
                        deleteQuietly(tmp);
                        throw new UserError("Cannot write " + dir + ": " + rootMessage(e) + ", and the previous version "
                                + "could not be moved back: it is intact in " + old + ". Move it to " + dir + " by hand.", e);
                    }
                    throw e;
                }
                deleteQuietly(old);
            } else {
                rename(fs, tmp, dir);
            }
        } catch (UserError e) {
            // the previous version could not be moved back: the message says where it is
            throw e;
        } catch (IOException | RuntimeException | org.apache.hadoop.fs.FSError e) {
            // FSError is how Hadoop's local file system reports a full disk: an Error, not an IOException
            deleteQuietly(tmp);
            throw new UserError("Cannot write " + dir + ": " + rootMessage(e) + ". Nothing was replaced: the previous "
                    + "version, if any, is intact. Free space or fix the permissions of " + dir.getParent()
                    + ", then run again (a training run continues with --resume).", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    public void writeText(Path path, String text) {
        writeAtomically(path, text.getBytes(StandardCharsets.UTF_8));
    }

    public OutputStream create(Path path) {
        try {
            return fileSystem(path).create(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + path, e);
        }
    }

    public void mkdirs(Path path) {
        try {
            fileSystem(path).mkdirs(path);
        } catch (IOException e) {
            throw new UserError("Cannot create directory " + path + ": " + e.getMessage(), e);
        }
    }

    public void rename(Path from, Path to) {
        rename(fileSystem(from), from, to);
    }

    private static void rename(FileSystem fs, Path from, Path to) {
        try {
            if (!fs.rename(from, to)) {
                throw new IOException("rename returned false");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("renaming " + from + " to " + to, e);
        }
    }

    /**
     * Creates {@code file} holding {@code text} only if nothing is there, atomically: of two processes
     * creating the same path at once, exactly one gets {@code true}. The local file system's own
     * {@code create(path, false)} checks and then creates (racy), so local paths go through the OS's
     * exclusive create; other file systems (HDFS) decide at their name node.
     */
    public boolean createNew(Path file, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            if ("file".equals(file.toUri().getScheme())) {
                java.nio.file.Path local = java.nio.file.Path.of(file.toUri());
                java.nio.file.Files.write(local, bytes, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            }
            try (FSDataOutputStream out = fileSystem(file).create(file, false)) {
                out.write(bytes);
            }
            return true;
        } catch (java.nio.file.FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (org.apache.hadoop.ipc.RemoteException e) {
            if (e.unwrapRemoteException() instanceof org.apache.hadoop.fs.FileAlreadyExistsException) {
                return false;
            }
            throw unreachable(file, e);
        } catch (IOException e) {
            throw new UserError("Cannot create " + file + ": " + rootMessage(e) + ". Free space or fix the permissions of "
                    + file.getParent() + ", then run again.", e);
        }
    }

    /**
     * Renames {@code from} to {@code to} if {@code from} is there; {@code false} when it is not (another
     * process moved it first: a rename is atomic, so of two processes moving one path, one wins).
     */
    public boolean moveIfPresent(Path from, Path to) {
        try {
            FileSystem fs = fileSystem(from);
            return fs.exists(from) && fs.rename(from, to);
        } catch (java.io.FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw unreachable(from, e);
        }
    }

    public void deleteQuietly(Path path) {
        try {
            fileSystem(path).delete(path, true);
        } catch (IOException | RuntimeException e) {
            // best effort: a leftover temporary path is harmless and named as such
        }
    }

    public List<Path> list(Path dir) {
        try {
            FileSystem fs = fileSystem(dir);
            if (!fs.exists(dir)) {
                return List.of();
            }
            List<Path> out = new ArrayList<>();
            for (FileStatus s : fs.listStatus(dir)) {
                out.add(s.getPath());
            }
            out.sort(Comparator.comparing(Path::getName));
            return out;
        } catch (IOException e) {
            throw unreachable(dir, e);
        }
    }
}
