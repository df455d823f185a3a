package dev.braid.driver.workload;

import dev.braid.driver.io.Fs;
import dev.braid.driver.io.SavedModel;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.TextTranslator;
import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.ModelSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import dev.braid.driver.io.StrictText;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Translation with a trained encoder-decoder: a file (local or HDFS) as a Spark job whose output has
 * one line per input line, in order; or a stream (stdin) line by line in this JVM.
 */
public final class TranslateJob {
    private TranslateJob() {
    }

    /**
     * What a translation run did: lines, empty ones, unknown symbols, truncated and refused lines, bad
     * lines skipped (data.badLines = skip: each gives an empty output line), lines with more than a tenth
     * of their symbols unknown, the first few of those (0-based), and the time.
     */
    public record Summary(long lines, long empty, long unknownSymbols, long truncated, long refused, long skipped,
                          long mostlyUnknown, List<Long> unknownLines, double seconds) {
        static final int EXAMPLES = 5;
    }

    /** One input line's translation, whether it was a bad line left out, and its index. */
    record Result(TextTranslator.Line line, boolean skipped, long index) implements Serializable {
        long[] counts() {
            return new long[] {1, line.empty() && !skipped ? 1 : 0, line.unknown(), line.truncated() ? 1 : 0,
                line.refused() ? 1 : 0, skipped ? 1 : 0, line.mostlyUnknown() ? 1 : 0};
        }
    }

    /** Everything an executor needs to translate: small enough to broadcast once. */
    public record Payload(ModelSpec spec, float[] params, Vocabulary target, TextTranslator.Options options)
            implements Serializable {
        public TextTranslator translator() {
            StackModel model = spec.build(Precision.FLOAT);
            model.params().setAll(params);
            return new TextTranslator(model, target, options);
        }
    }

    public static Payload payload(SavedModel saved, String location, TextTranslator.Options options) {
        return new Payload(saved.seq2seq(location), saved.params(), saved.vocabulary("target"), options);
    }

    /**
     * Translates the file {@code input} into {@code output} (checked by the caller) as a Spark job, one
     * output line per input line in order; a bad line (invalid UTF-8, NUL) stops the job with file:line,
     * or, with {@code skipBad}, gives an empty output line and is counted.
     */
    public static Summary file(JavaSparkContext sc, Fs fs, SavedModel saved, String location, String input, String output,
                               TextTranslator.Options options, boolean skipBad) {
        long t0 = System.nanoTime();
        Path target = fs.qualify(output);
        Broadcast<Payload> payload = sc.broadcast(payload(saved, location, options));
        JavaRDD<Result> lines = sc.hadoopFile(input, TextInputFormat.class, LongWritable.class, Text.class).values()
                .map(Text::copyBytes).zipWithIndex()
                .mapPartitions(it -> translatePartition(payload.value(), it, input, skipBad), true);
        lines.persist(StorageLevel.MEMORY_AND_DISK());
        leftovers(fs, target);
        Path parts = new Path(target.getParent(), "." + target.getName() + ".parts-" + System.nanoTime());
        try {
            lines.map(r -> r.line().text()).saveAsTextFile(parts.toString());
            merge(fs, parts, target);
            long[] s = lines.map(Result::counts).fold(new long[7], TranslateJob::add);
            List<Long> examples = lines.filter(r -> r.line().mostlyUnknown()).map(Result::index).take(Summary.EXAMPLES);
            return new Summary(s[0], s[1], s[2], s[3], s[4], s[5], s[6], examples, (System.nanoTime() - t0) / 1e9);
        } finally {
            fs.deleteQuietly(parts);
            lines.unpersist(false);
            payload.destroy();
        }
    }

    private static Iterator<Result> translatePartition(Payload p, Iterator<Tuple2<byte[], Long>> it, String file,
                                                       boolean skipBad) {
        BlasThreads.set(1);
        TextTranslator translator = p.translator();
        List<Result> out = new ArrayList<>();
        List<String> chunk = new ArrayList<>();
        List<Boolean> skipped = new ArrayList<>();
        List<Long> indices = new ArrayList<>();
        while (it.hasNext()) {
            Tuple2<byte[], Long> line = it.next();
            Optional<String> text = StrictText.line(line._1(), 0, line._1().length, file, line._2() + 1, skipBad);
            chunk.add(text.orElse(""));
            skipped.add(text.isEmpty());
            indices.add(line._2());
            if (chunk.size() == 256 || !it.hasNext()) {
                List<TextTranslator.Line> done = translator.translate(chunk, indices.get(0));
                for (int i = 0; i < done.size(); i++) {
                    out.add(new Result(done.get(i), skipped.get(i), indices.get(i)));
                }
                chunk.clear();
                skipped.clear();
                indices.clear();
            }
        }
        return out.iterator();
    }

    private static long[] add(long[] a, long[] b) {
        long[] c = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] + b[i];
        }
        return c;
    }

    /** Deletes what an interrupted translate into {@code target} left: hidden part directories and temporary files. */
    private static void leftovers(Fs fs, Path target) {
        String parts = "." + target.getName() + ".parts-";
        String tmp = "." + target.getName() + ".tmp-";
        for (Path p : fs.list(target.getParent())) {
            if (p.getName().startsWith(parts) || p.getName().startsWith(tmp)) {
                fs.deleteQuietly(p);
            }
        }
    }

    /**
     * Concatenates the part files in name order into {@code target}, written atomically (the caller
     * checked that {@code target} is not a directory and may be replaced).
     */
    private static void merge(Fs fs, Path parts, Path target) {
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + System.nanoTime());
        try (OutputStream out = fs.create(tmp)) {
            for (Path part : fs.list(parts)) {
                if (part.getName().startsWith("part-")) {
                    try (InputStream in = fs.fileSystem(part).open(part)) {
                        in.transferTo(out);
                    }
                }
            }
        } catch (IOException | RuntimeException | org.apache.hadoop.fs.FSError e) {
            // FSError: how Hadoop's local file system reports a full disk (an Error, which would skip a narrower catch)
            fs.deleteQuietly(tmp);
            throw new dev.braid.driver.UserError("Cannot write --output " + target + ": " + e.getMessage() + ". Nothing "
                    + "was written (an earlier file there is unchanged). Free space or fix the permissions of "
                    + target.getParent() + ", then run again.", e);
        }
        if (fs.isDirectory(target)) {
            fs.deleteQuietly(tmp);
            throw new dev.braid.driver.UserError("--output " + target + " became a directory while translating; the "
                    + "translation is not written. Give a file path.");
        }
        if (fs.exists(target)) {
            fs.delete(target);
        }
        fs.rename(tmp, target);
    }

    /**
     * Reads lines from {@code in} and prints each translation as soon as it is done (interactive use);
     * a line with more than a tenth of its symbols unknown is flagged on {@code err} at once.
     */
    public static Summary stream(SavedModel saved, String location, BufferedReader in, PrintStream out, PrintStream err,
                                 TextTranslator.Options options) throws IOException {
        long t0 = System.nanoTime();
        BlasThreads.allCores();
        TextTranslator translator = payload(saved, location, options).translator();
        long[] s = new long[7];
        List<Long> examples = new ArrayList<>();
        long index = 0;
        for (String line = in.readLine(); line != null; line = in.readLine(), index++) {
            Result r = new Result(translator.translate(List.of(line), index).get(0), false, index);
            out.println(r.line().text());
            out.flush();
            if (r.line().mostlyUnknown()) {
                err.printf("braid: warning: line %d: %d of its %d symbols are unknown to the model%n", index + 1,
                        r.line().unknown(), r.line().symbols());
                if (examples.size() < Summary.EXAMPLES) {
                    examples.add(index);
                }
            }
            s = add(s, r.counts());
        }
        return new Summary(s[0], s[1], s[2], s[3], s[4], s[5], s[6], examples, (System.nanoTime() - t0) / 1e9);
    }
}
