package dev.braid.driver.data;

import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.StrictText;
import dev.braid.driver.spark.HadoopConf;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * An ordered corpus as an RDD of (document index, text): the files of a location in name order, read on
 * the executors. Only the file list is handled by the driver.
 */
public final class Documents {
    private Documents() {
    }

    /** The documents of {@code locations}, in order (each location's files in name order); bad lines refused. */
    public static JavaPairRDD<Integer, String> read(JavaSparkContext sc, Fs fs, List<String> locations, int slices) {
        return read(sc, fs, locations, slices, false, null);
    }

    /**
     * As above; lines with invalid UTF-8 or NUL bytes stop the job with file:line, or, with {@code skip},
     * are left out and counted in {@code skipped} (may be null).
     */
    public static JavaPairRDD<Integer, String> read(JavaSparkContext sc, Fs fs, List<String> locations, int slices,
                                                    boolean skip, LongAccumulator skipped) {
        List<Path> files = new ArrayList<>();
        for (String location : locations) {
            files.addAll(fs.documents(location));
        }
        List<Tuple2<Integer, String>> indexed = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            indexed.add(new Tuple2<>(i, files.get(i).toString()));
        }
        HadoopConf conf = new HadoopConf(fs.conf());
        return sc.parallelizePairs(indexed, Math.max(1, Math.min(slices, indexed.size())))
                .mapValues(path -> {
                    StrictText.Decoded d = StrictText.decode(readBytes(conf, path), path, skip);
                    if (skipped != null) {
                        skipped.add(d.skippedLines());
                    }
                    return d.text();
                });
    }

    static byte[] readBytes(HadoopConf conf, String file) {
        Path path = new Path(file);
        try (InputStream in = path.getFileSystem(conf.get()).open(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UserError("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
