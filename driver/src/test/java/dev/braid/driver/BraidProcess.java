package dev.braid.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The braid CLI in a child JVM (the test classpath, the launcher's JVM options), for tests about
 * processes that die: they kill it by PID and look at what it left.
 */
public final class BraidProcess {
    private BraidProcess() {
    }

    /** Starts {@code braid ARGS...} with its console output going to {@code log}. */
    public static Process start(Path log, List<String> args) throws IOException {
        return start(log, List.of(), args);
    }

    /**
     * As above, the child JVM also given {@code jvmOptions} (e.g. a heap limit; a {@code -Dlog4j2.configurationFile}
     * among them replaces the tests' logging with another, e.g. the command's own).
     */
    public static Process start(Path log, List<String> jvmOptions, List<String> args) throws IOException {
        return start(log, jvmOptions, args, null);
    }

    /** As above, {@code classpathFirst} (e.g. a folder with a {@code core-site.xml}) ahead of the test classpath. */
    public static Process start(Path log, List<String> jvmOptions, List<String> args, Path classpathFirst) throws IOException {
        ProcessBuilder pb = builder(jvmOptions, args, classpathFirst).redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    private static ProcessBuilder builder(List<String> jvmOptions, List<String> args, Path classpathFirst) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        Files.readAllLines(Path.of("../conf/jvm.options")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(cmd::add);
        String classpath = (classpathFirst == null ? "" : classpathFirst + java.io.File.pathSeparator)
                + System.getProperty("java.class.path");
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Dlog4j2.configurationFile="))) {
            cmd.add("-Dlog4j2.configurationFile=../conf/log4j2-test.properties");
        }
        cmd.addAll(List.of("-cp", classpath, "dev.braid.driver.cli.BraidMain"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb;
    }

    /** What a command run with its output on a pipe wrote (standard output and error together) and its status. */
    public record Piped(int code, byte[] output) {
        public String text() {
            return new String(output, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Runs {@code braid ARGS...} with standard output and error on a pipe (no terminal) to its end. */
    public static Piped piped(List<String> jvmOptions, List<String> args) throws Exception {
        Process p = builder(jvmOptions, args, null).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        return new Piped(p.waitFor(), out);
    }

    /** Sends {@code signal} (e.g. KILL, TERM) to {@code p} by its PID and waits for it to exit; returns its status. */
    public static int signal(Process p, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("process " + p.pid() + " did not exit after SIG" + signal);
        }
        return p.exitValue();
    }

    /** Waits (polling, with a generous hang guard) until {@code condition} holds while {@code p} runs. */
    public static void await(Process p, Path log, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (!p.isAlive()) {
                throw new AssertionError("the child exited (" + p.exitValue() + ") first:\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("hang guard: the condition did not hold within 10 minutes");
            }
            Thread.sleep(10);
        }
    }
}
