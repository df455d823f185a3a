package dev.braid.driver.workload;

import dev.braid.driver.io.Fs;
import dev.braid.driver.io.SavedModel;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.TextTranslator;
import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.Seq2SeqModel;
import dev.braid.worker.model.Seq2SeqSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
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

    /** What a translation run did. */
    public record Summary(long lines, long empty, long unknownSymbols, long truncated, long refused, double seconds) {
    }

    /** Everything an executor needs to translate: small enough to broadcast once. */
    record Payload(Seq2SeqSpec spec, float[] params, Vocabulary source, Vocabulary target, TextTranslator.Options options)
            implements Serializable {
        TextTranslator translator() {
            Seq2SeqModel model = spec.build(Precision.FLOAT);
            model.params().setAll(params);
            return new TextTranslator(model, source, target, options);
        }
    }

    static Payload payload(SavedModel saved, String location, TextTranslator.Options options) {
        return new Payload(saved.seq2seq(location), saved.params(), saved.vocabulary("source"), saved.vocabulary("target"),
                options);
    }

    public static Summary file(JavaSparkContext sc, Fs fs, SavedModel saved, String location, String input, String output,
                               TextTranslator.Options options) {
        long t0 = System.nanoTime();
        Path target = fs.qualify(output);
        Broadcast<Payload> payload = sc.broadcast(payload(saved, location, options));
        JavaRDD<TextTranslator.Line> lines = sc.textFile(input).zipWithIndex()
                .mapPartitions(it -> translatePartition(payload.value(), it), true);
        lines.persist(StorageLevel.MEMORY_AND_DISK());
        Path parts = new Path(target.getParent(), "." + target.getName() + ".parts-" + System.nanoTime());
        try {
            lines.map(TextTranslator.Line::text).saveAsTextFile(parts.toString());
            merge(fs, parts, target);
            long[] s = lines.map(l -> new long[] {1, l.empty() ? 1 : 0, l.unknown(), l.truncated() ? 1 : 0,
                l.refused() ? 1 : 0}).fold(new long[5], TranslateJob::add);
            return new Summary(s[0], s[1], s[2], s[3], s[4], (System.nanoTime() - t0) / 1e9);
        } finally {
            fs.deleteQuietly(parts);
            lines.unpersist(false);
            payload.destroy();
        }
    }

    private static Iterator<TextTranslator.Line> translatePartition(Payload p, Iterator<Tuple2<String, Long>> it) {
        BlasThreads.set(1);
        TextTranslator translator = p.translator();
        List<TextTranslator.Line> out = new ArrayList<>();
        List<String> chunk = new ArrayList<>();
        long first = -1;
        while (it.hasNext()) {
            Tuple2<String, Long> line = it.next();
            first = first < 0 ? line._2() : first;
            chunk.add(line._1());
            if (chunk.size() == 256 || !it.hasNext()) {
                out.addAll(translator.translate(chunk, first));
                chunk.clear();
                first = -1;
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
        } catch (IOException e) {
            fs.deleteQuietly(tmp);
            throw new UncheckedIOException("writing " + target, e);
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

    /** Reads lines from {@code in} and prints each translation as soon as it is done (interactive use). */
    public static Summary stream(SavedModel saved, String location, BufferedReader in, PrintStream out,
                                 TextTranslator.Options options) throws IOException {
        long t0 = System.nanoTime();
        BlasThreads.set(Math.max(1, Runtime.getRuntime().availableProcessors()));
        TextTranslator translator = payload(saved, location, options).translator();
        long[] s = new long[5];
        long index = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            TextTranslator.Line l = translator.translate(List.of(line), index++).get(0);
            out.println(l.text());
            out.flush();
            s = add(s, new long[] {1, l.empty() ? 1 : 0, l.unknown(), l.truncated() ? 1 : 0, l.refused() ? 1 : 0});
        }
        return new Summary(s[0], s[1], s[2], s[3], s[4], (System.nanoTime() - t0) / 1e9);
    }
}
