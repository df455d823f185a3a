package dev.braid.driver.train;

import static dev.braid.driver.train.ParameterAveragingTest.assertWithin;
import static dev.braid.driver.train.ParameterAveragingTest.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.spark.SparkTest;
import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.pipeline.Placement;
import dev.braid.worker.pipeline.Schedule;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.train.OptimizerSpec;
import dev.braid.worker.train.TrainingSpec;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pipelines combine with data parallelism: on local[2], two partitions each running a 2-stage pipeline
 * over 4 rounds of stateful training, averaged every 2 minibatches, end where the same run with the
 * whole model in each task ends — parameters and every partition's carried state, to float rounding
 * (the micro-batches' weight gradients add up in another order).
 */
@Tag("spark")
class PipelinedAveragingTest {
    private static final long SEED = 9;

    private record Outcome(TrainState state, float[] start) {
    }

    private static Outcome train(SampleCorpus corpus, LanguageModelSpec spec, OptimizerSpec opt, Placement placement) {
        StackModel m = spec.build(Precision.FLOAT);
        m.initParams(SEED);
        TrainState state = new TrainState(m.params().toFloatArray(), new float[opt.stateMultiple() * m.layout().size()], 2);
        float[] start = state.params().clone();
        TrainingSpec ts = TrainingSpec.streams(spec.stack(), opt, 16, true, true, false, SEED, 1).placed(placement,
                dev.braid.worker.kernel.DeviceChoice.Mode.CPU);
        TrainingMaster<StreamBlock> master = new TrainingMaster<>(SparkTest.sc(),
                new StreamRoundTask(ts, corpus.data.streamLength()), 2);
        for (int r = 0; r < 4; r++) {
            master.step(corpus.data.blocks(), state, System.nanoTime());
        }
        return new Outcome(state, start);
    }

    @ParameterizedTest
    @EnumSource(Schedule.class)
    void aPipelinedRunEqualsAWholeModelRun(Schedule schedule) {
        SampleCorpus corpus = new SampleCorpus(2, 4);
        LanguageModelSpec spec = new LanguageModelSpec(corpus.vocab.size(), 12, CellType.LSTM, 24, 4, 0);
        OptimizerSpec sgd = new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.5, 0.9, 0.999, 1e-8, 1.0);
        Placement split = new Placement(List.of(List.of("embed", "rnn0", "rnn1"), List.of("rnn2", "rnn3", "out")),
                List.of(0, 1), schedule == Schedule.WAVEFRONT ? 4 : 2, schedule);
        Outcome whole = train(corpus, spec, sgd, Placement.none());
        Outcome piped = train(corpus, spec, sgd, split);
        assertThat(piped.state().iteration()).isEqualTo(whole.state().iteration()).isEqualTo(8);
        assertWithin(piped.state().params(), whole.state().params(), 1e-5);
        for (int p = 0; p < 2; p++) {
            assertThat(whole.state().rnnState(p)).hasSize(2 * 4 * 4 * 24);
            assertWithin(piped.state().rnnState(p), whole.state().rnnState(p), 1e-5);
        }
        assertThat(maxAbsDiff(whole.state().params(), whole.start())).as("training moved the parameters").isGreaterThan(1e-2);
        corpus.data.release();
    }
}
