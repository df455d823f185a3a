package dev.braid.worker.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.LanguageModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.rnn.CellType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DynamicEvaluatorTest {
    private static final LanguageModelSpec SPEC = new LanguageModelSpec(12, 8, CellType.LSTM, 16, 2, 0.0);
    private static final int SEGMENT = 10;

    /** A random 23-symbol phrase repeated: a model that adapts to the text learns it; a frozen one cannot. */
    private static int[] repeated(long seed, int length) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] phrase = rng.ints(23, 0, SPEC.vocabulary()).toArray();
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = phrase[i % phrase.length];
        }
        return ids;
    }

    private static float[] trained() {
        LanguageModel m = SPEC.build(Precision.FLOAT);
        m.initParams(3);
        return m.params().toFloatArray();
    }

    private static double staticBits(float[] params, int[] ids) {
        LanguageModel m = SPEC.build(Precision.FLOAT);
        m.params().setAll(params);
        return StreamEvaluator.evaluate(m, ids, 1, SEGMENT).bitsPerToken();
    }

    @Test
    void aSegmentIsScoredBeforeTheStepThatLearnsFromIt() {
        float[] p = trained();
        int[] oneSegment = java.util.Arrays.copyOf(repeated(1, 400), SEGMENT + 1);
        double expected = staticBits(p, oneSegment);
        for (DynamicSpec.Rule rule : DynamicSpec.Rule.values()) {
            double got = DynamicEvaluator.evaluate(SPEC, p, oneSegment, repeated(2, 200), new DynamicSpec(rule, 1.0, 0, SEGMENT))
                    .bitsPerToken();
            assertEquals(expected, got, 1e-5 * expected, rule.name());
        }
    }

    @Test
    void bothRulesAdaptToTheTextAndTheRmsPriorPullsBack() {
        float[] p = trained();
        int[] text = repeated(1, 2000);
        int[] calibration = repeated(2, 500);
        double frozen = staticBits(p, text);
        double sgd = DynamicEvaluator.evaluate(SPEC, p, text, calibration, new DynamicSpec(DynamicSpec.Rule.SGD, 0.5, 0, SEGMENT))
                .bitsPerToken();
        double rms = DynamicEvaluator.evaluate(SPEC, p, text, calibration, new DynamicSpec(DynamicSpec.Rule.RMS, 3e-3, 0, SEGMENT))
                .bitsPerToken();
        // a pull of 1 per step (the cap) returns to the trained parameters after every step: static again
        double anchored = DynamicEvaluator.evaluate(SPEC, p, text, calibration,
                new DynamicSpec(DynamicSpec.Rule.RMS, 3e-3, 1e9, SEGMENT)).bitsPerToken();
        System.out.printf("static %.3f, dynamic sgd %.3f, rms %.3f, rms anchored %.3f bits/token%n", frozen, sgd, rms, anchored);
        assertTrue(sgd < 0.7 * frozen, "SGD dynamic evaluation should learn the repeated phrase: " + sgd + " vs " + frozen);
        assertTrue(rms < 0.7 * frozen, "RMS dynamic evaluation should learn the repeated phrase: " + rms + " vs " + frozen);
        assertEquals(frozen, anchored, 1e-3 * frozen);
    }

    /** Charges what the network predicts: a mixer that adds nothing, to check what mixers are given. */
    private static final TokenMixer NETWORK_ALONE = (network, row, target) -> {
        int v = SPEC.vocabulary();
        double sum = 0;
        for (int c = 0; c < v; c++) {
            sum += network[row * v + c];
        }
        assertEquals(1, sum, 1e-4);
        return -Math.log(network[row * v + target]);
    };

    /**
     * A mixer sees the network's distribution of every token, before the step that learns from it: a
     * mixer that charges the network's own probability reproduces the network's score, static and
     * dynamic, and riding on a dynamic pass does not change that pass.
     */
    @Test
    void aMixerSeesTheDistributionTheNetworkIsScoredOn() {
        float[] p = trained();
        int[] text = repeated(1, 600);
        int[] calibration = repeated(2, 200);
        LanguageModel m = SPEC.build(Precision.FLOAT);
        m.params().setAll(p);
        StreamEvaluator.Mixed frozen = StreamEvaluator.evaluate(m, text, SEGMENT, NETWORK_ALONE);
        assertEquals(staticBits(p, text), frozen.network().bitsPerToken(), 1e-6);
        assertEquals(frozen.network().bitsPerToken(), frozen.mixed().bitsPerToken(), 1e-4);
        DynamicSpec dyn = new DynamicSpec(DynamicSpec.Rule.RMS, 3e-3, 0, SEGMENT);
        StreamEvaluator.Mixed adapted = DynamicEvaluator.evaluate(SPEC, p, text, calibration, dyn, NETWORK_ALONE);
        assertEquals(DynamicEvaluator.evaluate(SPEC, p, text, calibration, dyn).bitsPerToken(), adapted.network().bitsPerToken(), 1e-9);
        assertEquals(adapted.network().bitsPerToken(), adapted.mixed().bitsPerToken(), 1e-4);
        assertTrue(adapted.network().bitsPerToken() < 0.9 * frozen.network().bitsPerToken());
    }
}
