package dev.braid.driver.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.spark.SparkTest;
import dev.braid.worker.data.StreamBatches;
import dev.braid.worker.data.StreamBlock;
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
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Parameter averaging on local[2] against the same loop run in one JVM without Spark:
 * one partition equals one uninterrupted loop (DL4J's own equivalence test for parameter averaging
 * does the same), and two partitions with K=1 and plain SGD equal one worker on the union minibatch.
 * Both runs are stateful, so the carried RNN states also have to travel through the driver correctly.
 */
@Tag("spark")
class ParameterAveragingTest {
    private static final long SEED = 5;

    private static LanguageModelSpec model(int vocab, double dropout) {
        return new LanguageModelSpec(vocab, 12, CellType.LSTM, 24, 2, dropout);
    }

    private static TrainState initial(LanguageModelSpec spec, int partitions, int optimizerState) {
        StackModel m = spec.build(Precision.FLOAT);
        m.initParams(SEED);
        return new TrainState(m.params().toFloatArray(), new float[optimizerState * m.layout().size()], partitions);
    }

    @Test
    void onePartitionEqualsOneLoopInOneJvm() {
        SampleCorpus corpus = new SampleCorpus(1, 4);
        LanguageModelSpec spec = model(corpus.vocab.size(), 0.1);
        OptimizerSpec adam = new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.01, 0.9, 0.999, 1e-8, 1.0);
        TrainingSpec ts = TrainingSpec.streams(spec.stack(), adam, 16, true, true, false, SEED, 1);
        TrainState state = initial(spec, 1, 2);
        float[] start = state.params().clone();
        TrainingMaster<StreamBlock> master = new TrainingMaster<>(SparkTest.sc(), new StreamRoundTask(ts, corpus.data.streamLength()), 3);
        for (int r = 0; r < 4; r++) {
            master.step(corpus.data.blocks(), state, System.nanoTime());
        }
        assertThat(state.iteration()).isEqualTo(12);

        StreamBlock block = corpus.data.blocks().collect().get(0);
        TrainingLoop<Batch> loop = new TrainingLoop<>(spec.build(Precision.FLOAT), adam, true);
        RoundStart all = new RoundStart(start, new float[2 * start.length], 0, 0, 0, 12,
                dev.braid.worker.random.Seeds.dropoutEpoch(SEED, 0));
        RoundResult single = loop.run(0, all, new float[0], new StreamBatches(block, 16, true, true, false, SEED));

        assertWithin(state.params(), single.params(), 1e-6);
        assertWithin(state.optimizer(), single.optimizerState(), 1e-6);
        assertWithin(state.rnnState(0), single.rnnState(), 1e-5);
        assertThat(maxAbsDiff(state.params(), start)).as("training moved the parameters").isGreaterThan(1e-3);
        corpus.data.release();
    }

    @Test
    void twoPartitionsWithSgdAndKOneEqualOneWorkerOnTheUnionBatch() {
        int rows = 3;
        SampleCorpus corpus = new SampleCorpus(2, rows);
        LanguageModelSpec spec = model(corpus.vocab.size(), 0.0);
        OptimizerSpec sgd = new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.5, 0.9, 0.999, 1e-8, 0);
        TrainingSpec ts = TrainingSpec.streams(spec.stack(), sgd, 16, true, false, false, SEED, 1);
        TrainState state = initial(spec, 2, 0);
        float[] start = state.params().clone();
        TrainingMaster<StreamBlock> master = new TrainingMaster<>(SparkTest.sc(), new StreamRoundTask(ts, corpus.data.streamLength()), 1);
        for (int r = 0; r < 3; r++) {
            master.step(corpus.data.blocks(), state, System.nanoTime());
        }

        List<StreamBlock> blocks = new java.util.ArrayList<>(corpus.data.blocks().collect());
        blocks.sort(Comparator.comparingInt(StreamBlock::partition));
        StreamBlock union = union(blocks.get(0), blocks.get(1));
        TrainingLoop<Batch> loop = new TrainingLoop<>(spec.build(Precision.FLOAT), sgd, true);
        RoundResult single = loop.run(0, new RoundStart(start, new float[0], 0, 0, 0, 3, 0), new float[0],
                new StreamBatches(union, 16, true, false, false, SEED));

        assertWithin(state.params(), single.params(), 1e-6);
        assertThat(maxAbsDiff(state.params(), start)).isGreaterThan(1e-3);
        corpus.data.release();
    }

    @Test
    void sameSeedAndDataGiveTheSameParameters() {
        SampleCorpus corpus = new SampleCorpus(2, 2);
        LanguageModelSpec spec = model(corpus.vocab.size(), 0.2);
        OptimizerSpec adam = new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.01, 0.9, 0.999, 1e-8, 1.0);
        TrainingSpec ts = TrainingSpec.streams(spec.stack(), adam, 16, true, true, false, SEED, 1);
        float[][] results = new float[2][];
        for (int run = 0; run < 2; run++) {
            TrainState state = initial(spec, 2, 2);
            TrainingMaster<StreamBlock> master = new TrainingMaster<>(SparkTest.sc(), new StreamRoundTask(ts, corpus.data.streamLength()), 2);
            for (int r = 0; r < 2; r++) {
                master.step(corpus.data.blocks(), state, System.nanoTime());
            }
            results[run] = state.params();
        }
        assertThat(results[1]).containsExactly(results[0]);
        corpus.data.release();
    }

    /** The streams of two blocks as one block of twice the rows (block a's rows first). */
    static StreamBlock union(StreamBlock a, StreamBlock b) {
        int[] tokens = new int[a.tokens().length + b.tokens().length];
        System.arraycopy(a.tokens(), 0, tokens, 0, a.tokens().length);
        System.arraycopy(b.tokens(), 0, tokens, a.tokens().length, b.tokens().length);
        BitSet starts = (BitSet) a.documentStarts().clone();
        b.documentStarts().stream().forEach(i -> starts.set(a.tokens().length + i));
        return new StreamBlock(0, a.rows() + b.rows(), a.length(), tokens, starts);
    }

    static double maxAbsDiff(float[] x, float[] y) {
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(x[i] - y[i]));
        }
        return worst;
    }

    static void assertWithin(float[] actual, float[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(maxAbsDiff(actual, expected)).isLessThan(tolerance);
    }
}
