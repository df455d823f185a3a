package dev.braid.bench;

import dev.braid.driver.config.SparkConfig;
import dev.braid.driver.spark.SparkSessions;
import dev.braid.driver.train.RoundReport;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Parameter-averaging training on Spark for W = 1, 2 workers (local[W], one core and one BLAS thread
 * per worker) and K in {1, 5, 10, 20}: throughput, parallel efficiency (W-worker throughput / (W x
 * 1-worker throughput)) and where a round's time goes. W=1 and W=2 are measured in alternation,
 * {@value #REPEATS} times, and each figure is the median (the machine's speed drifts).
 */
final class ScaleSuite {
    static final int HIDDEN = 256;
    static final int ROWS = 32;
    static final int SEQ = 50;
    static final int REPEATS = 3;
    private final Corpus corpus;

    ScaleSuite(Corpus corpus) {
        this.corpus = corpus;
    }

    /** Throughput and mean per-round split of one (W, K) configuration. */
    record Run(int workers, int k, double tokensPerSecond, double roundSeconds, double broadcast, double compute,
               double aggregate, double driver, int params) {
    }

    Section run() {
        List<Run> samples = new ArrayList<>();
        for (int rep = 0; rep < REPEATS; rep++) {
            for (int w : new int[] {1, 2}) {
                JavaSparkContext sc = SparkSessions.start(new SparkConfig("local[" + w + "]", "braid-bench-scale", false, Map.of()));
                try {
                    Corpus.Sharded data = corpus.shard(sc, w, ROWS);
                    for (int k : new int[] {1, 5, 10, 20}) {
                        samples.add(measure(sc, data, w, k));
                    }
                    data.data().release();
                } finally {
                    sc.stop();
                }
            }
        }
        List<Run> runs = new ArrayList<>();
        for (int w : new int[] {1, 2}) {
            for (int k : new int[] {1, 5, 10, 20}) {
                runs.add(median(samples.stream().filter(r -> r.workers() == w && r.k() == k).toList()));
            }
        }
        List<String> md = new ArrayList<>();
        md.add("| W | K | tokens/s | efficiency | round s | broadcast s | max task compute s | aggregation s | driver s |");
        md.add("|---|---|---|---|---|---|---|---|---|");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Run r : runs) {
            Run one = runs.stream().filter(x -> x.workers() == 1 && x.k() == r.k()).findFirst().orElse(r);
            double eff = r.tokensPerSecond() / (r.workers() * one.tokensPerSecond());
            md.add(String.format(Locale.ROOT, "| %d | %d | %,.0f | %.2f | %.3f | %.3f | %.3f | %.3f | %.3f |", r.workers(), r.k(),
                    r.tokensPerSecond(), eff, r.roundSeconds(), r.broadcast(), r.compute(), r.aggregate(), r.driver()));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("run", r);
            row.put("efficiency", eff);
            rows.add(row);
        }
        md.add("");
        md.add(String.format(Locale.ROOT, "Model: 2-layer LSTM %d, embedding 64, %,d parameters; B=%d streams per worker, T=%d, "
                + "Adam; corpus %s. Aggregation = job time minus the slowest task's compute (scheduling, result transfer, "
                + "ordered summation); driver = averaging and bookkeeping after the job.", HIDDEN, runs.get(0).params(), ROWS,
                SEQ, corpus.train()));
        return new Section("scale", "Data-parallel scaling on Spark (local mode)", md, Map.of("rows", rows));
    }

    private static Run median(List<Run> rs) {
        Run first = rs.get(0);
        return new Run(first.workers(), first.k(), Stats.median(rs.stream().mapToDouble(Run::tokensPerSecond).toArray()),
                Stats.median(rs.stream().mapToDouble(Run::roundSeconds).toArray()),
                Stats.median(rs.stream().mapToDouble(Run::broadcast).toArray()),
                Stats.median(rs.stream().mapToDouble(Run::compute).toArray()),
                Stats.median(rs.stream().mapToDouble(Run::aggregate).toArray()),
                Stats.median(rs.stream().mapToDouble(Run::driver).toArray()), first.params());
    }

    private static Run measure(JavaSparkContext sc, Corpus.Sharded data, int w, int k) {
        LanguageModelSpec spec = new LanguageModelSpec(data.vocab().size(), 64, CellType.LSTM, HIDDEN, 2, 0.0);
        OptimizerSpec adam = new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.002, 0.9, 0.999, 1e-8, 1.0);
        TrainingSpec ts = TrainingSpec.streams(spec.stack(), adam, SEQ, true, false, false, 7, 1);
        StackModel m = spec.build(Precision.FLOAT);
        m.initParams(7);
        TrainState state = new TrainState(m.params().toFloatArray(), new float[2 * m.layout().size()], w);
        TrainingMaster<StreamBlock> master = new TrainingMaster<>(sc, new StreamRoundTask(ts, data.data().streamLength()), k);
        long start = System.nanoTime();
        master.step(data.data().blocks(), state, start);
        List<RoundReport> rs = new ArrayList<>();
        int batches = 0;
        while (batches < Math.max(60, 3 * k)) {
            RoundReport r = master.step(data.data().blocks(), state, start);
            rs.add(r);
            batches += r.batchEnd() - (r.batchEnd() - Math.min(k, r.batchEnd()));
        }
        double seconds = rs.stream().mapToDouble(RoundReport::seconds).sum();
        double tokens = rs.stream().mapToDouble(RoundReport::tokens).sum();
        double bc = rs.stream().mapToDouble(RoundReport::broadcastSeconds).average().orElse(0);
        double comp = rs.stream().mapToDouble(RoundReport::maxTaskComputeSeconds).average().orElse(0);
        double agg = rs.stream().mapToDouble(RoundReport::aggregateSeconds).average().orElse(0);
        double round = seconds / rs.size();
        return new Run(w, k, tokens / seconds, round, bc, comp, agg, round - bc - comp - agg, m.layout().size());
    }
}
