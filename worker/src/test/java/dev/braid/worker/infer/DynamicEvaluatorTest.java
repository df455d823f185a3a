package dev.braid.worker.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.rnn.CellType;
import java.util.List;
import java.util.Optional;
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

    /** The four specials and eight letters: SPEC.stack()'s vocabulary. */
    private static Vocabulary vocabulary() {
        return Vocabulary.of(List.of("a", "b", "c", "d", "e", "f", "g", "h"));
    }

    private static float[] trained() {
        StackModel m = SPEC.stack().build(Precision.FLOAT);
        m.initParams(3);
        return m.params().toFloatArray();
    }

    private static double staticBits(float[] params, int[] ids) {
        StackModel m = SPEC.stack().build(Precision.FLOAT);
        m.params().setAll(params);
        return StreamEvaluator.evaluate(m, ids, 1, SEGMENT).bitsPerToken();
    }

    @Test
    void aSegmentIsScoredBeforeTheStepThatLearnsFromIt() {
        float[] p = trained();
        int[] oneSegment = java.util.Arrays.copyOf(repeated(1, 400), SEGMENT + 1);
        double expected = staticBits(p, oneSegment);
        for (DynamicSpec.Rule rule : DynamicSpec.Rule.values()) {
            double got = DynamicEvaluator.evaluate(SPEC.stack(), p, oneSegment, repeated(2, 200), new DynamicSpec(rule, 1.0, 0, SEGMENT))
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
        double sgd = DynamicEvaluator.evaluate(SPEC.stack(), p, text, calibration, new DynamicSpec(DynamicSpec.Rule.SGD, 0.5, 0, SEGMENT))
                .bitsPerToken();
        double rms = DynamicEvaluator.evaluate(SPEC.stack(), p, text, calibration, new DynamicSpec(DynamicSpec.Rule.RMS, 3e-3, 0, SEGMENT))
                .bitsPerToken();
        // a pull of 1 per step (the cap) returns to the trained parameters after every step: static again
        double anchored = DynamicEvaluator.evaluate(SPEC.stack(), p, text, calibration,
                new DynamicSpec(DynamicSpec.Rule.RMS, 3e-3, 1e9, SEGMENT)).bitsPerToken();
        System.out.printf("static %.3f, dynamic sgd %.3f, rms %.3f, rms anchored %.3f bits/token%n", frozen, sgd, rms, anchored);
        assertTrue(sgd < 0.7 * frozen, "SGD dynamic evaluation should learn the repeated phrase: " + sgd + " vs " + frozen);
        assertTrue(rms < 0.7 * frozen, "RMS dynamic evaluation should learn the repeated phrase: " + rms + " vs " + frozen);
        assertEquals(frozen, anchored, 1e-3 * frozen);
    }

    /** Charges what the network predicts: a mixer that adds nothing, to check what mixers are given. */
    private static final TokenMixer NETWORK_ALONE = (networks, row, target) -> {
        float[] network = networks[0];
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
        StackModel m = SPEC.stack().build(Precision.FLOAT);
        m.params().setAll(p);
        StreamEvaluator.Mixed frozen = StreamEvaluator.evaluate(m, text, SEGMENT, NETWORK_ALONE);
        assertEquals(staticBits(p, text), frozen.network().bitsPerToken(), 1e-6);
        assertEquals(frozen.network().bitsPerToken(), frozen.mixed().bitsPerToken(), 1e-4);
        DynamicSpec dyn = new DynamicSpec(DynamicSpec.Rule.RMS, 3e-3, 0, SEGMENT);
        StreamEvaluator.Mixed adapted = DynamicEvaluator.evaluate(SPEC.stack(), p, text, calibration, dyn, NETWORK_ALONE);
        assertEquals(DynamicEvaluator.evaluate(SPEC.stack(), p, text, calibration, dyn).bitsPerToken(), adapted.network().bitsPerToken(), 1e-9);
        assertEquals(adapted.network().bitsPerToken(), adapted.mixed().bitsPerToken(), 1e-4);
        assertTrue(adapted.network().bitsPerToken() < 0.9 * frozen.network().bitsPerToken());
    }

    /**
     * A companion network reads the text beside the evaluated one: given the same trained parameters
     * (and a bridge between equal vocabularies) it scores exactly what the first does, adapting or
     * frozen, and the mixer sees both distributions, row for row the same.
     */
    @Test
    void companionsReadTheTextSideBySide() {
        float[] p = trained();
        int[] text = repeated(1, 400);
        int[] calibration = repeated(2, 200);
        Vocabulary vocab = vocabulary();
        DynamicEvaluator.Companion twin = new DynamicEvaluator.Companion(SPEC.stack(), p, calibration, new VocabularyBridge(vocab, vocab));
        TokenMixer sameRows = (networks, row, target) -> {
            assertEquals(2, networks.length);
            int v = SPEC.vocabulary();
            for (int c = 0; c < v; c++) {
                assertEquals(networks[0][row * v + c], networks[1][row * v + c], 1e-6);
            }
            return -Math.log(networks[0][row * v + target]);
        };
        DynamicSpec dyn = new DynamicSpec(DynamicSpec.Rule.RMS, 3e-3, 0, SEGMENT);
        StreamEvaluator.Ensemble adapted = DynamicEvaluator.evaluate(SPEC.stack(), p, text, calibration, Optional.of(dyn), SEGMENT,
                List.of(twin), sameRows);
        double alone = DynamicEvaluator.evaluate(SPEC.stack(), p, text, calibration, dyn).bitsPerToken();
        assertEquals(alone, adapted.networks().get(0).bitsPerToken(), 1e-9);
        assertEquals(alone, adapted.networks().get(1).bitsPerToken(), 1e-6);
        assertEquals(alone, adapted.mixed().bitsPerToken(), 1e-4);
        StreamEvaluator.Ensemble frozen = DynamicEvaluator.evaluate(SPEC.stack(), p, text, calibration, Optional.empty(), SEGMENT,
                List.of(twin), sameRows);
        assertEquals(staticBits(p, text), frozen.networks().get(1).bitsPerToken(), 1e-6);
        assertTrue(alone < 0.9 * frozen.networks().get(0).bitsPerToken());
    }
}
