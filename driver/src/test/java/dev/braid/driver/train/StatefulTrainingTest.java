package dev.braid.driver.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.data.StreamSharder;
import dev.braid.driver.spark.SparkTest;
import dev.braid.worker.data.CopyTask;
import dev.braid.worker.data.StreamBatches;
import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.Batch;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.train.OptimizerSpec;
import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import dev.braid.worker.train.TrainingSpec;
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
        TrainingSpec ts = TrainingSpec.streams(spec.stack(), sgd, T, true, true, false, 21, 1);
        StackModel init = spec.build(Precision.FLOAT);
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
        try {
            new TrainingMaster<>(SparkTest.sc(), new FailFirstAttempt<>(new StreamRoundTask(ts, data.streamLength()), 1), 1)
                    .train(data.blocks(), state, 2, Duration.ofHours(1), System.nanoTime(), r -> { });
        } finally {
            SparkTest.sc().sc().removeSparkListener(listener);
        }
        assertThat(failed.get()).as("injected task failures").isEqualTo((int) state.rounds());

        List<StreamBlock> blocks = new ArrayList<>(data.blocks().collect());
        blocks.sort(Comparator.comparingInt(StreamBlock::partition));
        StreamBlock union = ParameterAveragingTest.union(blocks.get(0), blocks.get(1));
        TrainingLoop<Batch> loop = new TrainingLoop<>(spec.build(Precision.FLOAT), sgd, true);
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

    /** A round task whose first attempt on {@code partition} fails in every round: Spark retries it. */
    record FailFirstAttempt<D>(RoundTask<D> inner, int partition) implements RoundTask<D> {
        @Override public int batchesPerEpoch(int epoch) {
            return inner.batchesPerEpoch(epoch);
        }

        @Override public RoundResult train(D data, RoundStart start, float[] rnnState, dev.braid.worker.kernel.DeviceChoice device) {
            org.apache.spark.TaskContext ctx = org.apache.spark.TaskContext.get();
            if (ctx.partitionId() == partition && ctx.attemptNumber() == 0) {
                throw new IllegalStateException("injected failure of partition " + partition);
            }
            return inner.train(data, start, rnnState, device);
        }

        @Override public dev.braid.worker.train.TrainingSpec spec() {
            return inner.spec();
        }
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
