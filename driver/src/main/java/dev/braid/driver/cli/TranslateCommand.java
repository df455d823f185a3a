package dev.braid.driver.cli;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.config.DataConfig;
import dev.braid.driver.config.Seq2SeqConfig;
import dev.braid.driver.config.SparkConfig;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.spark.SparkSessions;
import dev.braid.driver.workload.TranslateJob;
import dev.braid.worker.infer.TextTranslator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code braid translate}: decodes a file as a Spark job, or stdin line by line. */
@Command(name = "translate", mixinStandardHelpOptions = true,
        description = "Translate lines with a trained encoder-decoder: a file (local or HDFS) as a Spark job, or stdin.",
        footer = {"", "Examples:",
                "  echo SPARKLING | scripts/braid translate --model runs/g2p-cmudict-20261122-1000/model --input -",
                "  scripts/braid translate --model runs/translation-en-es-20261206-2000/model --input sentences.txt \\",
                "      --output sentences.es.txt --beam 4"})
final class TranslateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (a run's model/).")
    String model;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "Input file, or - for stdin (one line at a time).")
    String input;

    @Option(names = "--output", paramLabel = "PATH", description = "Output file (required with a file input); one line per input line.")
    String output;

    @Option(names = "--overwrite", description = "Replace --output if it exists (never a directory, never the input).")
    boolean overwrite;

    @Option(names = "--beam", paramLabel = "N", description = "Beam width (1 = greedy; default: the model's seq2seq.beam).")
    Integer beam;

    @Option(names = "--nbest", defaultValue = "1", paramLabel = "K", description = "Print K hypotheses per line with scores (index ||| text ||| score).")
    int nbest;

    @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL", description = "Spark master for file input (default: ${DEFAULT-VALUE}).")
    String master;

    @Override public Integer call() throws Exception {
        if (!"-".equals(input)) {
            checkFiles(Fs.local());
        }
        SavedModel saved = new ModelStore(Fs.local()).load(model);
        saved.seq2seq(model);
        BraidConfig cfg = ConfigLoader.fromRendered(saved.config(), model + "/config.conf").config();
        Seq2SeqConfig s = cfg.seq2seq();
        int width = beam == null ? s.beam() : beam;
        if (width < 1 || nbest < 1 || nbest > width) {
            throw new UserError("--beam " + width + " and --nbest " + nbest + ": need 1 <= nbest <= beam.");
        }
        TextTranslator.Options options = new TextTranslator.Options(cfg.sourceEncoder(saved.vocabulary("source")),
                s.targetTokens(), cfg.decode(width, nbest));
        TranslateJob.Summary summary;
        if ("-".equals(input)) {
            summary = TranslateJob.stream(saved, model, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                    System.out, System.err, options);
        } else {
            boolean shared = SparkSessions.active();
            JavaSparkContext sc = SparkSessions.start(new SparkConfig(master, "braid-translate", false, Map.of()));
            dev.braid.driver.spark.JobNames.phase(sc, "translate", "file", "translating " + input);
            try {
                summary = TranslateJob.file(sc, new Fs(sc.hadoopConfiguration()), saved, model, input, output, options,
                        cfg.data().skipBadLines());
            } finally {
                if (!shared) {
                    SparkSessions.stop(sc);
                }
            }
        }
        System.err.printf(Locale.ROOT, "translated %,d lines (%,d empty, %,d truncated, %,d refused as too long, %,d unknown "
                        + "symbols%s) in %.1f s%n", summary.lines(), summary.empty(), summary.truncated(), summary.refused(),
                summary.unknownSymbols(), summary.skipped() > 0 ? String.format(Locale.ROOT, ", %,d bad lines skipped "
                        + "(empty output lines)", summary.skipped()) : "", summary.seconds());
        if (summary.mostlyUnknown() > 0) {
            System.err.printf(Locale.ROOT, "braid: warning: %,d line(s) have more than %.0f%% of their symbols unknown to the "
                    + "model (lines %s%s): their translations are unreliable. Is the input in the language%s the model was "
                    + "trained on?%n", summary.mostlyUnknown(), 100 * TextTranslator.UNKNOWN_WARNING,
                    summary.unknownLines().stream().map(i -> Long.toString(i + 1)).collect(java.util.stream.Collectors.joining(", ")),
                    summary.mostlyUnknown() > summary.unknownLines().size() ? ", ..." : "",
                    cfg.data().format() == DataConfig.Format.CMUDICT ? "" : " and case");
        }
        return 0;
    }

    /** The input exists and the output may be written, checked before the model is read or Spark starts. */
    private void checkFiles(Fs fs) {
        if (output == null) {
            throw new UserError("--output is required when --input is a file.");
        }
        if (!fs.exists(fs.qualify(input))) {
            throw new UserError("--input " + input + " does not exist. Give the file to translate (local or HDFS), or - "
                    + "to read standard input.");
        }
        fs.outputFile(output, "--output", overwrite, input);
    }
}
