package dev.braid.bench;

import dev.braid.driver.config.SparkConfig;
import dev.braid.driver.spark.SparkSessions;
import dev.braid.driver.train.RoundTask;
import dev.braid.driver.train.TrainState;
import dev.braid.driver.train.TrainingMaster;
import dev.braid.worker.kernel.DeviceChoice;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.pipeline.Placement;
import dev.braid.worker.train.OptimizerSpec;
import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import dev.braid.worker.train.TrainingSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What Braid's training round costs beyond the training itself: {@link TrainingMaster} runs rounds whose tasks
 * train nothing ({@link Idle} hands the round's start back as its result) for a model's payload — its
 * parameters and Adam's two moments broadcast, each task's result sent back, summed in partition order and
 * averaged, the divergence guard's check — on the Spark context given. {@code RoundOverhead [seconds]} prints
 * each {@link Seq2SeqCase}'s mean round time on local[2] with 2 workers ({@code scripts/bench seq2seq}
 * reports the same figure beside the step).
 */
public final class RoundOverhead {
    private RoundOverhead() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        JavaSparkContext sc = SparkSessions.start(new SparkConfig("local[2]", "braid-round-overhead", false, Map.of()));
        try {
            for (Seq2SeqCase c : Seq2SeqCase.ALL) {
                System.out.printf(Locale.ROOT, "%s %.1f%n", c.name(), 1e3 * roundSeconds(sc, c.spec().stack(), 2, seconds));
            }
        } finally {
            SparkSessions.stop(sc);
        }
    }

    /** Mean wall-clock seconds per idle round over {@code seconds}, after two rounds of warm-up. */
    static double roundSeconds(JavaSparkContext sc, ModelSpec model, int workers, double seconds) {
        int size = model.build(Precision.FLOAT).layout().size();
        OptimizerSpec adam = new OptimizerSpec(OptimizerSpec.Kind.ADAM, 1e-3, 0.9, 0.999, 1e-8, 1.0);
        TrainingSpec spec = new TrainingSpec(model, adam, 1, 1, Placement.none(), DeviceChoice.Mode.CPU, null);
        JavaRDD<Integer> data = sc.parallelize(IntStream.range(0, workers).boxed().toList(), workers).cache();
        TrainingMaster<Integer> master = new TrainingMaster<>(sc, new Idle(spec), 1);
        TrainState state = new TrainState(new float[size], new float[2 * size], workers);
        master.train(data, state, 1, Duration.ofMillis(2), System.nanoTime(), r -> { });
        master.train(data, state, 1, Duration.ofMillis(2), System.nanoTime(), r -> { });
        List<dev.braid.driver.train.RoundReport> rounds = new ArrayList<>();
        long t0 = System.nanoTime();
        master.train(data, state, 1, Duration.ofMillis((long) (seconds * 1e3)), t0, rounds::add);
        double wall = (System.nanoTime() - t0) / 1e9;
        if (Boolean.getBoolean("braid.bench.roundSplit")) {
            System.err.printf(Locale.ROOT, "rounds %d: round %.3f s, broadcast %.3f s, job %.3f s (wall per round %.3f s)%n",
                    rounds.size(), rounds.stream().mapToDouble(r -> r.seconds()).average().orElse(0),
                    rounds.stream().mapToDouble(r -> r.broadcastSeconds()).average().orElse(0),
                    rounds.stream().mapToDouble(r -> r.aggregateSeconds()).average().orElse(0), wall / rounds.size());
        }
        data.unpersist();
        return wall / rounds.size();
    }

    /** Trains nothing: the round's start comes back as the partition's result. */
    static final class Idle implements RoundTask<Integer> {
        private final TrainingSpec spec;

        Idle(TrainingSpec spec) {
            this.spec = spec;
        }

        @Override public int batchesPerEpoch(int epoch) {
            return Integer.MAX_VALUE;
        }

        @Override public RoundResult train(Integer partition, RoundStart start, float[] rnnState, DeviceChoice device) {
            return new RoundResult(partition, start.params(), start.optimizerState(), rnnState, 1, 1, 1, 0,
                    RoundResult.FINITE, 0);
        }

        @Override public TrainingSpec spec() {
            return spec;
        }
    }
}
