package dev.braid.driver.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.data.StreamSharder;
import dev.braid.driver.spark.SparkTest;
import dev.braid.worker.data.CopyTask;
import dev.braid.worker.data.StreamBatches;
import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.LanguageModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.LmBatch;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.train.OptimizerSpec;
import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import dev.braid.worker.train.StreamTrainingSpec;
import dev.braid.worker.train.TrainingLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * Stateful training across partitions, rounds and task retries, on local[2] with 2 partitions.
 */
@Tag("spark")
class StatefulTrainingTest {
    private static final int T = 10;

    private static StreamSharder.Sharded shard(int[] corpus, int workers, int rows) {
        return StreamSharder.shard(SparkTest.sc(), SparkTest.sc().parallelizePairs(List.of(new Tuple2<>(0, corpus)), 1),
                workers, rows);
    }

    /**
     * The copy task (a key must be reproduced after a run of up to 20 fillers, i.e. 1-2 segment
     * boundaries and sometimes an averaging-round boundary later): stateful training must reach 95%
     * on the dependent positions farther than one segment from their key; stateless training, which
     * cannot see across a segment boundary, stays near chance (25%).
     */
    @Test
    void onlyCarriedStateLearnsDependenciesAcrossSegmentsAndRounds() {
        int workers = 2, rows = 16, segments = 2500;
        StreamSharder.Sharded data = shard(CopyTask.stream(workers * rows * (segments * T + 1), 20, 7), workers, rows);
        LanguageModelSpec spec = new LanguageModelSpec(CopyTask.VOCAB, 8, CellType.LSTM, 32, 1, 0.0);
        OptimizerSpec adam = new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.01, 0.9, 0.999, 1e-8, 1.0);
        double[] accuracy = new double[2];
        for (int mode = 0; mode < 2; mode++) {
            boolean stateful = mode == 0;
            StreamTrainingSpec ts = new StreamTrainingSpec(spec, adam, T, stateful, false, false, 3, 1);
            LanguageModel model = spec.build(Precision.FLOAT);
            model.initParams(3);
            TrainState state = new TrainState(model.params().toFloatArray(), new float[2 * model.layout().size()], workers);
            new TrainingMaster<>(SparkTest.sc(), new StreamRoundTask(ts, data.streamLength()), 10)
                    .train(data.blocks(), state, 1, Duration.ofHours(1), System.nanoTime(), r -> { });
            model.params().setAll(state.params());
            accuracy[mode] = longRangeAccuracy(model, stateful);
        }
        System.out.printf("copy task, dependent positions > %d steps from their key: stateful %.3f, stateless %.3f%n",
                T, accuracy[0], accuracy[1]);
        assertThat(accuracy[0]).isGreaterThanOrEqualTo(0.95);
        assertThat(accuracy[1]).isLessThan(0.45);
        data.release();
    }

    /** Accuracy at dependent positions more than T steps from their key, evaluated as the model was trained. */
    private static double longRangeAccuracy(LanguageModel model, boolean carried) {
        int[] test = CopyTask.stream(6001, 20, 999);
        Buf probs = model.kernels().alloc(CopyTask.VOCAB);
        model.resetState(1);
        int correct = 0;
        int total = 0;
        for (int p = 0; p + 1 < test.length; p++) {
            if (!carried && p % T == 0) {
                model.resetState(1);
            }
            model.probabilities(new LmBatch(1, 1, new int[] {test[p]}, new int[] {test[p + 1]}, new float[] {1}, null),
                    1.0, probs);
            if (CopyTask.distance(test, p + 1) > T) {
                int best = 0;
                for (int j = 1; j < CopyTask.VOCAB; j++) {
                    best = probs.get(j) > probs.get(best) ? j : best;
                }
                correct += best == test[p + 1] ? 1 : 0;
                total++;
            }
        }
        return correct / (double) total;
    }

    /**
     * Order and state flow, with a failing task: every round the first attempt of partition 1's task
     * fails and Spark retries it. Over two epochs (with per-epoch offsets) the result must equal one
     * worker that walks the union of both partitions' streams segment by segment in one JVM (K=1, SGD):
     * a skipped, repeated or reordered segment, or a retry that got the wrong incoming state, would
     * change the parameters and the final states.
     */
    @Test
    void partitionsWalkTheirSegmentsInOrderAcrossEpochsAndRetries() {
        int workers = 2, rows = 3;
        int[] corpus = CopyTask.stream(workers * rows * 53, 6, 11);
        StreamSharder.Sharded data = shard(corpus, workers, rows);
        LanguageModelSpec spec = new LanguageModelSpec(CopyTask.VOCAB, 6, CellType.GRU, 12, 2, 0.0);
        OptimizerSpec sgd = new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.3, 0.9, 0.999, 1e-8, 0);
        StreamTrainingSpec ts = new StreamTrainingSpec(spec, sgd, T, true, true, false, 21, 1);
        LanguageModel init = spec.build(Precision.FLOAT);
        init.initParams(21);

        AtomicInteger failed = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failed.incrementAndGet();
                }
            }
        };
        SparkTest.sc().sc().addSparkListener(listener);
        TrainState state = new TrainState(init.params().toFloatArray(), new float[0], workers);
        System.setProperty("braid.test.failPartition", "1");
        try {
            new TrainingMaster<>(SparkTest.sc(), new StreamRoundTask(ts, data.streamLength()), 1)
                    .train(data.blocks(), state, 2, Duration.ofHours(1), System.nanoTime(), r -> { });
        } finally {
            System.clearProperty("braid.test.failPartition");
            SparkTest.sc().sc().removeSparkListener(listener);
        }
        assertThat(failed.get()).as("injected task failures").isEqualTo((int) state.rounds());

        List<StreamBlock> blocks = new ArrayList<>(data.blocks().collect());
        blocks.sort(Comparator.comparingInt(StreamBlock::partition));
        StreamBlock union = ParameterAveragingTest.union(blocks.get(0), blocks.get(1));
        TrainingLoop<LmBatch> loop = new TrainingLoop<>(spec.build(Precision.FLOAT), sgd, true);
        StreamBatches batches = new StreamBatches(union, T, true, true, false, 21);
        float[] params = init.params().toFloatArray();
        long iteration = 0;
        RoundResult last = null;
        for (int epoch = 0; epoch < 2; epoch++) {
            int n = batches.batchesPerEpoch(epoch);
            last = loop.run(0, new RoundStart(params, new float[0], iteration, epoch, 0, n, 0), new float[0], batches);
            params = last.params();
            iteration += n;
        }
        assertThat(state.iteration()).isEqualTo(iteration);
        ParameterAveragingTest.assertWithin(state.params(), params, 1e-5);
        float[] unionState = last.rnnState();
        float[] joined = join(state.rnnState(0), state.rnnState(1), spec, rows);
        ParameterAveragingTest.assertWithin(joined, unionState, 1e-5);
        data.release();
    }

    /** Two partitions' exported states ([layer][part][rows*hidden]) interleaved into the union's layout. */
    private static float[] join(float[] a, float[] b, LanguageModelSpec spec, int rows) {
        int chunk = rows * spec.hidden();
        int parts = spec.cell().stateParts() * spec.layers();
        float[] out = new float[a.length + b.length];
        for (int p = 0; p < parts; p++) {
            System.arraycopy(a, p * chunk, out, p * 2 * chunk, chunk);
            System.arraycopy(b, p * chunk, out, p * 2 * chunk + chunk, chunk);
        }
        return out;
    }
}
