package dev.braid.driver.ml;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.data.MailCorpus;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.run.RunOptions;
import dev.braid.driver.run.TrainingRun;
import dev.braid.driver.run.Workload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * What every Braid stage does the same way: a fit is one run of the run lifecycle in its run directory (a
 * new temporary one when none is given; one holding checkpoints is resumed), the model read back from it;
 * a fitted model is saved as Spark ML's metadata (class, uid, parameters) plus Braid's model directory
 * ({@code PATH/braid}) and loaded from them.
 */
final class StageRuns {
    private StageRuns() {
    }

    /** The run directory {@code given} ("" for a new temporary one named after {@code uid}). */
    static String runDirectory(String given, String uid) {
        if (!given.isEmpty()) {
            return given;
        }
        try {
            return Files.createTempDirectory("braid-" + uid + "-").resolve("run").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a temporary run directory; set runDir", e);
        }
    }

    /** Where a stage writes its rows for the run in {@code dir}: {@code DIR.input}, emptied first. */
    static Path input(Fs fs, String dir) {
        Path input = new Path(fs.qualify(dir).toString() + ".input");
        fs.delete(input);
        return input;
    }

    /**
     * Writes {@code lines} (one per row, in order) as text: those whose row index hashes, seeded, into
     * {@code held} under {@code input/validation}, the others under {@code input/train}.
     */
    static void writeSplit(JavaRDD<String> lines, Path input, long seed, double held) {
        JavaPairRDD<String, Long> rows = lines.zipWithIndex();
        rows.filter(t -> !MailCorpus.inFraction(seed + "/" + t._2(), held)).keys()
                .saveAsTextFile(new Path(input, "train").toString());
        rows.filter(t -> MailCorpus.inFraction(seed + "/" + t._2(), held)).keys()
                .saveAsTextFile(new Path(input, "validation").toString());
    }

    /** Trains the workload {@code make} builds under {@code cfg} in {@code dir}; returns the saved model. */
    static <D, R> SavedModel train(JavaSparkContext sc, ConfigLoader.Loaded cfg, Function<PrintStream, Workload<D, R>> make,
                                   String dir, boolean verbose) {
        Fs fs = new Fs(sc.hadoopConfiguration());
        boolean resume = fs.exists(new Path(fs.qualify(dir), "checkpoints"));
        PrintStream out = verbose ? System.out
                : new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        TrainingRun.Outcome<R> run = new TrainingRun<>(cfg, make.apply(out), out).run(sc, RunOptions.of(dir, resume));
        return new ModelStore(fs).load(run.layout().model().toString());
    }

    /** Writes {@code instance}'s metadata and {@code model}. */
    static MLWriter writer(Params instance, SavedModel model) {
        return new MLWriter() {
            @Override public void saveImpl(String path) {
                DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sc(), Option.empty(), Option.empty());
                new ModelStore(new Fs(sc().hadoopConfiguration())).save(new Path(path, "braid"), model);
            }
        };
    }

    /** The stage of class {@code type} saved at {@code path}, built by {@code make} from its uid and model. */
    static <M extends Params> M load(String path, SparkContext sc, Class<M> type, BiFunction<String, SavedModel, M> make) {
        DefaultParamsReader.Metadata meta = DefaultParamsReader$.MODULE$.loadMetadata(path, sc, type.getName());
        SavedModel saved = new ModelStore(new Fs(sc.hadoopConfiguration())).load(new Path(path, "braid").toString());
        M m = make.apply(meta.uid(), saved);
        meta.getAndSetParams(m, Option.empty());
        return m;
    }
}
