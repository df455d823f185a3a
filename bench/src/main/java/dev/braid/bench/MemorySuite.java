package dev.braid.bench;

import dev.braid.driver.config.SparkConfig;
import dev.braid.driver.spark.SparkSessions;
import dev.braid.driver.train.StreamRoundTask;
import dev.braid.driver.train.TrainState;
import dev.braid.driver.train.TrainingMaster;
import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.train.OptimizerSpec;
import dev.braid.worker.train.TrainingSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Executor memory over 200 averaging rounds (local[2]: the executors are the measured JVM): resident
 * set size (heap and off-heap together, from /proc) and heap in use, every 20 rounds. The training
 * runs in a fresh JVM whose heap is fixed and pre-touched ({@code -Xms = -Xmx}, AlwaysPreTouch), so the
 * heap's resident share is constant and any growth of the resident set is off-heap growth (ND4J,
 * OpenBLAS, native mirrors) or metaspace, which is what DL4J-on-Spark users report leaking.
 */
final class MemorySuite {
    static final int ROUNDS = 200;
    static final int EVERY = 20;
    static final String HEAP = "2g";

    private final Corpus corpus;

    MemorySuite(Corpus corpus) {
        this.corpus = corpus;
    }

    Section run() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Xmx") && !a.startsWith("-Xms")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-Xms" + HEAP, "-Xmx" + HEAP, "-XX:+AlwaysPreTouch", "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), corpus.train(), corpus.test()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("memory suite child failed: " + out);
        }
        List<long[]> samples = new ArrayList<>();
        for (String line : out.lines().filter(l -> l.startsWith("sample ")).toList()) {
            String[] f = line.split(" ");
            samples.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])});
        }
        return section(samples);
    }

    private static Section section(List<long[]> samples) {
        long[] first = samples.get(0);
        long[] last = samples.get(samples.size() - 1);
        double growth = (last[1] - first[1]) / (double) first[1];
        List<String> md = new ArrayList<>();
        md.add("| round | resident MB | heap in use MB |");
        md.add("|---|---|---|");
        for (long[] s : samples) {
            md.add(String.format(Locale.ROOT, "| %d | %.0f | %.0f |", s[0], s[1] / 1e6, s[2] / 1e6));
        }
        md.add("");
        md.add(String.format(Locale.ROOT, "Resident memory growth from round %d to round %d: %+.1f%% (target < 5%%). "
                + "A fresh JVM with a fixed, pre-touched %s heap (so resident growth is off-heap growth); "
                + "model: 2-layer LSTM 128, B=16, T=50, K=1 (a Spark job per minibatch), dropout 0.1, local[2].",
                first[0], last[0], 100 * growth, HEAP));
        return new Section("memory", "Executor memory over " + ROUNDS + " rounds", md,
                Map.of("samples", samples, "rssGrowth", growth, "heap", HEAP));
    }

    static long rss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The measured JVM: trains 200 rounds and prints "sample ROUND RSS HEAP_USED" every 20. */
    static final class Child {
        public static void main(String[] args) {
            Corpus corpus = new Corpus(args[0], args[1]);
            JavaSparkContext sc = SparkSessions.start(new SparkConfig("local[2]", "braid-bench-memory", false, Map.of()));
            try {
                Corpus.Sharded data = corpus.shard(sc, 2, 16);
                LanguageModelSpec spec = new LanguageModelSpec(data.vocab().size(), 32, CellType.LSTM, 128, 2, 0.1);
                TrainingSpec ts = TrainingSpec.streams(spec.stack(), new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.002,
                        0.9, 0.999, 1e-8, 1.0), 50, true, true, false, 3, 1);
                StackModel m = spec.build(Precision.FLOAT);
                m.initParams(3);
                TrainState state = new TrainState(m.params().toFloatArray(), new float[2 * m.layout().size()], 2);
                TrainingMaster<StreamBlock> master = new TrainingMaster<>(sc,
                        new StreamRoundTask(ts, data.data().streamLength()), 1);
                long start = System.nanoTime();
                for (int r = 1; r <= ROUNDS; r++) {
                    master.step(data.data().blocks(), state, start);
                    if (r % EVERY == 0) {
                        System.gc();
                        Runtime rt = Runtime.getRuntime();
                        System.out.println("sample " + r + " " + rss() + " " + (rt.totalMemory() - rt.freeMemory()));
                    }
                }
                data.data().release();
            } finally {
                sc.stop();
            }
        }
    }
}
