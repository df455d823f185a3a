package dev.braid.bench;

import dev.braid.driver.config.SparkConfig;
import dev.braid.driver.spark.SparkSessions;
import dev.braid.driver.train.StreamRoundTask;
import dev.braid.driver.train.TrainState;
import dev.braid.driver.train.TrainingMaster;
import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.LanguageModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.train.OptimizerSpec;
import dev.braid.worker.train.StreamTrainingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Executor memory over 200 averaging rounds (local[2]: the executors are this JVM): resident set size
 * (heap and off-heap together, from /proc) and heap in use, at round 20 and round 200.
 */
final class MemorySuite {
    private final Corpus corpus;

    MemorySuite(Corpus corpus) {
        this.corpus = corpus;
    }

    Section run() {
        JavaSparkContext sc = SparkSessions.start(new SparkConfig("local[2]", "braid-bench-memory", false, Map.of()));
        List<long[]> samples = new ArrayList<>();
        try {
            Corpus.Sharded data = corpus.shard(sc, 2, 16);
            LanguageModelSpec spec = new LanguageModelSpec(data.vocab().size(), 32, CellType.LSTM, 128, 2, 0.1);
            StreamTrainingSpec ts = new StreamTrainingSpec(spec, new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.002, 0.9,
                    0.999, 1e-8, 1.0), 50, true, true, false, 3, 1);
            LanguageModel m = spec.build(Precision.FLOAT);
            m.initParams(3);
            TrainState state = new TrainState(m.params().toFloatArray(), new float[2 * m.layout().size()], 2);
            TrainingMaster<StreamBlock> master = new TrainingMaster<>(sc, new StreamRoundTask(ts, data.data().streamLength()), 1);
            long start = System.nanoTime();
            for (int r = 1; r <= 200; r++) {
                master.step(data.data().blocks(), state, start);
                if (r == 20 || r == 100 || r == 200) {
                    System.gc();
                    Runtime rt = Runtime.getRuntime();
                    samples.add(new long[] {r, rss(), rt.totalMemory() - rt.freeMemory()});
                }
            }
            data.data().release();
        } finally {
            sc.stop();
        }
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
        md.add(String.format(Locale.ROOT, "Resident memory growth from round 20 to round 200: %+.1f%% (target < 5%%). "
                + "Model: 2-layer LSTM 128, B=16, T=50, K=1 (a Spark job per minibatch), dropout 0.1, local[2].", 100 * growth));
        return new Section("memory", "Executor memory over 200 rounds", md,
                Map.of("samples", samples, "rssGrowth", growth));
    }

    static long rss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }
}
