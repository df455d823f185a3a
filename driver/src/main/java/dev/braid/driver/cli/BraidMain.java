package dev.braid.driver.cli;

import dev.braid.driver.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of every Braid command. */
@Command(name = "braid", mixinStandardHelpOptions = true, version = "Braid 0.1.0",
        description = "Trains sequence models (LSTM/GRU language models and more) data-parallel on Apache Spark.",
        subcommands = {TrainCommand.class, GenerateCommand.class, EvaluateCommand.class, TranslateCommand.class, ForecastCommand.class,
            ClassifyCommand.class,
            RetrainCommand.class,
            InspectCommand.class,
            ReportCommand.class,
            ExportCommand.class,
            PlanCommand.class,
            ConfigReferenceCommand.class,
            CommandLine.HelpCommand.class})
public final class BraidMain implements Runnable {

    public static void main(String[] args) {
        // Ctrl-C or a kill stops Spark first; its threads then fail in ways that are no news to the user
        Runtime.getRuntime().addShutdownHook(new Thread(() -> signalled = true));
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> org.slf4j.LoggerFactory.getLogger(BraidMain.class)
                .warn("uncaught in thread {}", t.getName(), e));
        System.exit(run(args));
    }

    private static volatile boolean signalled;

    /** Runs a command line and returns its exit status (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new BraidMain());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> report(ex, cmd));
        try {
            return cli.execute(args);
        } catch (Error e) { // picocli hands only Exceptions to the handler; an Error would end the JVM silently
            return report(e, cli.getErr());
        }
    }

    @Override public void run() {
        new CommandLine(this).usage(System.out);
    }

    static int report(Exception ex, CommandLine cmd) {
        return report(ex, cmd.getErr());
    }

    private static int report(Throwable ex, PrintWriter err) {
        UserError user = userError(ex);
        String resource = resourceError(ex);
        if (resource != null && user == null) {
            err.println("braid: " + resource);
            err.flush();
            return 1;
        }
        if (user != null) {
            err.println("braid: " + user.getMessage());
            err.flush();
            return 2;
        }
        if (signalled) {
            err.println("braid: stopped by a signal before the job finished. A training run checkpoints its last finished "
                    + "round as it stops; continue it with train CONF --resume --run-dir RUN.");
            err.flush();
            return 130;
        }
        String where = saveTrace(ex);
        err.println("braid: internal error: " + ex + (where == null ? "" : " (full trace in " + where + ")"));
        err.flush();
        return 1;
    }

    /**
     * One paragraph for an {@link Error} the user can act on, anywhere in the cause chain: memory, a full
     * disk (Hadoop's local file system reports one as {@code FSError}); null for others.
     */
    static String resourceError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return "out of memory (" + c.getMessage() + "). Give the JVM more (BRAID_JAVA_OPTS=-Xmx16g scripts/braid "
                        + "..., or --driver-memory / spark.executor.memory with spark-submit), or make the model or its "
                        + "batches smaller (model.hidden, training.batchSize, seq2seq.tokensPerBatch).";
            }
            if (c instanceof org.apache.hadoop.fs.FSError) {
                return "the file system failed: " + c.getMessage() + " (a full disk or a failing device). Free space, then "
                        + "run again; a training run continues from its last checkpoint with --resume.";
            }
        }
        return null;
    }

    /** A UserError anywhere in the cause chain (Spark wraps executor failures). */
    static UserError userError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UserError u) {
                return u;
            }
        }
        return null;
    }

    private static String saveTrace(Throwable ex) {
        try {
            Path file = Files.createTempFile("braid-error-", ".log");
            StringWriter sw = new StringWriter();
            ex.printStackTrace(new PrintWriter(sw));
            Files.writeString(file, sw.toString(), StandardCharsets.UTF_8);
            return file.toString();
        } catch (IOException e) {
            return null;
        }
    }
}
