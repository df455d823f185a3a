package dev.braid.worker.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.braid.worker.kernel.Activation;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.kernel.RegressionLoss;
import dev.braid.worker.stack.Conv1DSpec;
import dev.braid.worker.stack.DenseSpec;
import dev.braid.worker.stack.FeaturesSpec;
import dev.braid.worker.stack.RecurrentSpec;
import dev.braid.worker.stack.RegressionSpec;
import dev.braid.worker.stack.StepWeights;
import dev.braid.worker.stack.WaveNetSpec;
import dev.braid.worker.pipeline.Placement;
import dev.braid.worker.pipeline.Schedule;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.seq2seq.AttentionType;
import dev.braid.worker.train.Optimizer;
import dev.braid.worker.train.OptimizerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A model split into pipeline stages trains as the whole model does: same losses, parameters and
 * carried states after 5 optimizer steps on the same minibatches. The micro-batches' weight-gradient
 * sums add up in another order than one GEMM over the whole batch, so results agree to rounding:
 * within 1e-9 in double precision, 1e-5 in float.
 */
class PipelineEquivalenceTest {
    private static final LanguageModelSpec LM = new LanguageModelSpec(23, 8, CellType.LSTM, 12, 4, 0);
    private static final List<List<String>> TWO_STAGES = List.of(List.of("embed", "rnn0", "rnn1"),
            List.of("rnn2", "rnn3", "out"));
    private static final OptimizerSpec ADAM = new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.01, 0.9, 0.999, 1e-8, 1.0);
    private static final OptimizerSpec SGD = new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.5, 0.9, 0.999, 1e-8, 0);

    private record Trace(List<Double> losses, float[] params, float[] state) {
    }

    private static Placement placement(int micro, Schedule schedule) {
        return new Placement(TWO_STAGES, List.of(0, 1), micro, schedule);
    }

    /** Five steps on consecutive segments (state carried, with document resets) or on fresh ones (reset each). */
    private static Trace trainLm(SequenceModel<Batch> model, OptimizerSpec opt, boolean stateful) {
        model.initParams(7);
        Optimizer optimizer = new Optimizer(opt, model.kernels(), model.layout().size());
        model.resetState(8);
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < 5; step++) {
            if (!stateful) {
                model.resetState(8);
            }
            Batch batch = LmFixtures.randomBatch(8, 10, LM.vocabulary(), stateful, true, 100 + step);
            model.kernels().fill(model.grads(), 0, model.layout().size(), 0);
            losses.add(model.forwardBackward(batch, new SplittableRandom(step)).sum());
            optimizer.step(model.params(), model.grads(), step);
        }
        return new Trace(losses, model.params().toFloatArray(), model.exportState());
    }

    @SuppressWarnings("unchecked")
    private static SequenceModel<Batch> lm(Placement placement, Precision precision) {
        return Pipelines.build(LM.stack(), placement, precision);
    }

    private static void assertClose(Trace expected, Trace actual, double tol) {
        for (int i = 0; i < expected.losses().size(); i++) {
            assertEquals(expected.losses().get(i), actual.losses().get(i), tol * Math.max(1, expected.losses().get(i)),
                    "loss of step " + i);
        }
        assertArrayEquals(expected.params(), actual.params(), (float) tol, "parameters after 5 steps");
        assertArrayEquals(expected.state(), actual.state(), (float) tol, "carried state after 5 steps");
    }

    @ParameterizedTest
    @EnumSource(Schedule.class)
    void languageModelStatefulMatchesWholeModel(Schedule schedule) {
        Trace whole = trainLm(lm(Placement.none(), Precision.DOUBLE), ADAM, true);
        Trace split = trainLm(lm(placement(4, schedule), Precision.DOUBLE), ADAM, true);
        assertTrue(whole.state().length == 2 * 4 * 8 * 12, "the carried state is each layer's h and c");
        assertClose(whole, split, 1e-9);
    }

    @ParameterizedTest
    @EnumSource(Schedule.class)
    void languageModelStatelessMatchesWholeModel(Schedule schedule) {
        Trace whole = trainLm(lm(Placement.none(), Precision.DOUBLE), ADAM, false);
        Trace split = trainLm(lm(placement(4, schedule), Precision.DOUBLE), ADAM, false);
        assertClose(whole, split, 1e-9);
    }

    @ParameterizedTest
    @EnumSource(Schedule.class)
    void floatTrainingAgreesWithinRounding(Schedule schedule) {
        Trace whole = trainLm(lm(Placement.none(), Precision.FLOAT), SGD, true);
        Trace split = trainLm(lm(placement(4, schedule), Precision.FLOAT), SGD, true);
        assertClose(whole, split, 1e-5);
    }

    @ParameterizedTest
    @EnumSource(Schedule.class)
    void sameInputsGiveTheSameBitsWhateverTheThreadTiming(Schedule schedule) {
        LanguageModelSpec withDropout = new LanguageModelSpec(LM.vocabulary(), LM.embedding(), LM.cell(), LM.hidden(), LM.layers(), 0.3);
        Trace a = trainLm(Pipelines.build(withDropout.stack(), placement(4, schedule),
                Precision.FLOAT), ADAM, true);
        Trace b = trainLm(Pipelines.build(withDropout.stack(), placement(4, schedule),
                Precision.FLOAT), ADAM, true);
        assertEquals(a.losses(), b.losses());
        assertArrayEquals(a.params(), b.params());
        assertArrayEquals(a.state(), b.state());
    }

    @Test
    void gpipeHoldsEveryMicroBatchAndOneFOneBAtMostKMinusS() {
        int[][] expected = {{4, 4}, {2, 1}};
        Schedule[] schedules = {Schedule.GPIPE, Schedule.ONE_F_ONE_B};
        for (int i = 0; i < 2; i++) {
            PipelinedModel model = (PipelinedModel) lm(placement(4, schedules[i]), Precision.FLOAT);
            trainLm(model, SGD, false);
            assertEquals(expected[i][0], model.stageReplicas(0), schedules[i] + " stage 0 activation sets");
            assertEquals(expected[i][1], model.stageReplicas(1), schedules[i] + " stage 1 activation sets");
            model.close();
        }
    }

    @Test
    void threeStagesAndUnevenMicroBatches() {
        Placement three = new Placement(List.of(List.of("embed", "rnn0"), List.of("rnn1", "rnn2"), List.of("rnn3", "out")),
                List.of(2, 0, 1), 3, Schedule.ONE_F_ONE_B);
        Trace whole = trainLm(lm(Placement.none(), Precision.DOUBLE), ADAM, true);
        Trace split = trainLm(lm(three, Precision.DOUBLE), ADAM, true);
        assertClose(whole, split, 1e-9);
    }

    private static final Seq2SeqSpec S2S = new Seq2SeqSpec(17, 19, 8, CellType.LSTM, 10, 2, 2, true, AttentionType.LUONG,
            0, 0.1, false);

    private static Batch pairs(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<int[]> src = new ArrayList<>();
        List<int[]> tgt = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            src.add(rng.ints(1 + rng.nextInt(7), 4, S2S.sourceVocabulary()).toArray());
            tgt.add(rng.ints(1 + rng.nextInt(6), 4, S2S.targetVocabulary()).toArray());
        }
        return Batch.pairs(src, tgt);
    }

    @SuppressWarnings("unchecked")
    private static Trace trainSeq2Seq(Placement placement) {
        SequenceModel<Batch> model = Pipelines.build(S2S.stack(), placement, Precision.DOUBLE);
        model.initParams(3);
        Optimizer optimizer = new Optimizer(ADAM, model.kernels(), model.layout().size());
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < 5; step++) {
            model.kernels().fill(model.grads(), 0, model.layout().size(), 0);
            losses.add(model.forwardBackward(pairs(step), new SplittableRandom(step)).sum());
            optimizer.step(model.params(), model.grads(), step);
        }
        return new Trace(losses, model.params().toFloatArray(), new float[0]);
    }

    @ParameterizedTest
    @EnumSource(value = Schedule.class, names = {"GPIPE", "ONE_F_ONE_B"})
    void encoderDecoderSplitMatchesWholeModel(Schedule schedule) {
        Placement split = new Placement(List.of(List.of("src", "enc0", "enc1"), List.of("tgt", "dec0", "dec1", "att", "out")),
                List.of(0, 1), 4, schedule);
        assertClose(trainSeq2Seq(Placement.none()), trainSeq2Seq(split), 1e-9);
    }

    /** A stateful stack of every kind of carried state: a causal convolution, a peephole LSTM, a WaveNet. */
    private static final ModelSpec CONV_STACK = ModelSpec.of(List.of(new FeaturesSpec("in", 2),
            new Conv1DSpec("conv", 4, 3, 1, 2, Conv1DSpec.Padding.CAUSAL, Activation.TANH),
            new RecurrentSpec("rnn", CellType.LSTM, 5, 0, null, null, true, 0),
            new WaveNetSpec("wn", 4, 2, List.of(1, 2)), new DenseSpec("d", 3, Activation.RELU)),
            new RegressionSpec("out", 1, RegressionLoss.HUBER, 0.5, new StepWeights(1, List.of())));

    private static Batch series(int rows, int steps, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = rows * steps;
        float[] features = new float[2 * n];
        float[] values = new float[n];
        float[] weights = new float[n];
        float[] keep = new float[n];
        for (int i = 0; i < n; i++) {
            features[2 * i] = (float) rng.nextGaussian();
            features[2 * i + 1] = (float) rng.nextGaussian();
            values[i] = (float) rng.nextGaussian();
            weights[i] = rng.nextInt(5) == 0 ? 0 : 1;
            keep[i] = rng.nextInt(6) == 0 ? 0 : 1;
        }
        return new Batch(rows, steps, null, features, keep, null, 0, null, null, null, values, weights);
    }

    private static Trace trainStack(Placement placement) {
        SequenceModel<Batch> model = Pipelines.build(CONV_STACK, placement, Precision.DOUBLE);
        model.initParams(5);
        Optimizer optimizer = new Optimizer(ADAM, model.kernels(), model.layout().size());
        model.resetState(8);
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < 5; step++) {
            model.kernels().fill(model.grads(), 0, model.layout().size(), 0);
            losses.add(model.forwardBackward(series(8, 10, 60 + step), new SplittableRandom(step)).sum());
            optimizer.step(model.params(), model.grads(), step);
        }
        return new Trace(losses, model.params().toFloatArray(), model.exportState());
    }

    @ParameterizedTest
    @EnumSource(Schedule.class)
    void aStackWithConvolutionsSplitMatchesWholeModel(Schedule schedule) {
        Placement split = new Placement(List.of(List.of("in", "conv", "rnn"), List.of("wn", "d", "out")), List.of(0, 1), 4,
                schedule);
        Trace whole = trainStack(Placement.none());
        assertTrue(whole.state().length == 8 * (2 * 4 + 2 * 5 + 4 * (1 + 1 + 2 + 2)), "conv, LSTM and WaveNet states");
        assertClose(whole, trainStack(split), 1e-9);
    }
}
