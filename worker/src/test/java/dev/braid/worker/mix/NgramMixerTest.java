package dev.braid.worker.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.braid.worker.data.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NgramMixerTest {
    private static final Vocabulary VOCAB = vocabulary();
    private static final int V = VOCAB.size();
    private static final MixSpec SPEC = new MixSpec(List.of(1, 2, 3, 4, 6, 8, 12), 0.002, 1000);

    private static Vocabulary vocabulary() {
        List<String> symbols = new ArrayList<>();
        for (char c = 'a'; c <= 't'; c++) {
            symbols.add(String.valueOf(c));
        }
        symbols.addAll(List.of(" ", "."));
        return Vocabulary.of(symbols);
    }

    private static float[] uniform() {
        float[] row = new float[V];
        Arrays.fill(row, 1f / V);
        return row;
    }

    private static int[] randomText(long seed, int length) {
        return new SplittableRandom(seed).ints(length, Vocabulary.SPECIALS.size(), V).toArray();
    }

    /** Mean bits per token the mixer charges on each of {@code repetitions} readings of {@code phrase}, in order. */
    private static double[] bitsPerRepetition(NgramMixer mixer, int[] phrase, int repetitions) {
        double[] bits = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            for (int token : phrase) {
                bits[r] += mixer.charge(uniform(), 0, token) / Math.log(2) / phrase.length;
            }
        }
        return bits;
    }

    @Test
    void beginsExactlyAtTheNetworksPrediction() {
        float[] network = randomRow(2);
        NgramMixer mixer = new NgramMixer(SPEC, VOCAB);
        mixer.count(randomText(4, 5000));
        double[] p = mixer.distribution(network, 0);
        for (int c = 0; c < V; c++) {
            assertEquals(network[c], p[c], 1e-6, "token " + c);
        }
    }

    /**
     * A network that knows nothing (uniform) and a phrase the text repeats: the n-gram models learn it as
     * they read, so the mixture charges far less on the last repetition than on the first.
     */
    @Test
    void learnsTheRepeatsOfTheTextItReads() {
        int[] phrase = randomText(7, 300);
        double[] bits = bitsPerRepetition(new NgramMixer(SPEC, VOCAB), phrase, 8);
        System.out.printf("mixer over a uniform network, bits/token per repetition of a 300-token phrase: %s (uniform: %.2f)%n",
                Arrays.toString(Arrays.stream(bits).map(b -> Math.round(b * 100) / 100.0).toArray()), Math.log(V) / Math.log(2));
        assertTrue(bits[0] > Math.log(V) / Math.log(2) - 0.5, "first repetition " + bits[0]);
        assertTrue(bits[7] < 0.5, "last repetition " + bits[7]);
    }

    /** Counted text is known from the first token on: the phrase counted beforehand costs less at once. */
    @Test
    void countedTextIsKnownBeforeTheEvaluatedTextStarts() {
        int[] phrase = randomText(9, 300);
        NgramMixer counted = new NgramMixer(SPEC, VOCAB);
        int[] training = new int[3000];
        for (int i = 0; i < training.length; i++) {
            training[i] = phrase[i % phrase.length];
        }
        counted.count(training);
        double fresh = bitsPerRepetition(new NgramMixer(SPEC, VOCAB), phrase, 1)[0];
        double known = bitsPerRepetition(counted, phrase, 1)[0];
        assertTrue(known < fresh - 1, "counted " + known + " vs fresh " + fresh);
    }

    @Test
    void chargesMinusTheLogOfItsDistributionAndIsDeterministic() {
        int[] text = randomText(13, 2000);
        NgramMixer a = new NgramMixer(SPEC, VOCAB);
        NgramMixer b = new NgramMixer(SPEC, VOCAB);
        for (int i = 0; i < text.length; i++) {
            double[] p = a.distribution(uniform(), 0);
            assertEquals(1, Arrays.stream(p).sum(), 1e-9);
            double charged = a.charge(uniform(), 0, text[i]);
            assertEquals(-Math.log(p[text[i]]), charged, 1e-12);
            assertEquals(charged, b.charge(uniform(), 0, text[i]));
        }
    }

    @Test
    void refusesTokensOutsideTheVocabulary() {
        NgramMixer mixer = new NgramMixer(SPEC, VOCAB);
        assertThrows(IllegalArgumentException.class, () -> mixer.charge(uniform(), 0, V));
        assertThrows(IllegalArgumentException.class, () -> new MixSpec(List.of(3, 2), 0.01, 0));
        assertThrows(IllegalArgumentException.class, () -> new MixSpec(List.of(), 0.01, 0));
    }

    /** A random distribution over the vocabulary. */
    private static float[] randomRow(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] row = new float[V];
        double sum = 0;
        for (int c = 0; c < V; c++) {
            row[c] = (float) Math.exp(rng.nextGaussian());
            sum += row[c];
        }
        for (int c = 0; c < V; c++) {
            row[c] /= (float) sum;
        }
        return row;
    }

    /**
     * With a companion network the mixture begins at the two networks' normalised geometric mean, and
     * learns to lean on the companion where it knows the text better than the evaluated network.
     */
    @Test
    void beginsAtTheNetworksGeometricMeanAndLearnsWhichToTrust() {
        float[] a = randomRow(2);
        float[] b = randomRow(3);
        NgramMixer mixer = new NgramMixer(SPEC, VOCAB, 2);
        double[] p = mixer.distribution(new float[][] {a, b}, 0);
        double z = 0;
        for (int c = 0; c < V; c++) {
            z += Math.sqrt((double) a[c] * b[c]);
        }
        for (int c = 0; c < V; c++) {
            assertEquals(Math.sqrt((double) a[c] * b[c]) / z, p[c], 1e-6, "token " + c);
        }
        // the companion puts 0.6 on every next token; the evaluated network knows nothing
        int[] text = randomText(21, 4000);
        double bits = 0;
        for (int i = 0; i < text.length; i++) {
            float[] knows = new float[V];
            Arrays.fill(knows, 0.4f / (V - 1));
            knows[text[i]] = 0.6f;
            double charged = mixer.charge(new float[][] {uniform(), knows}, 0, text[i]) / Math.log(2);
            bits += i >= text.length - 1000 ? charged / 1000 : 0;
        }
        System.out.printf("uniform network + a companion that knows the text: %.3f bits/token on the last 1000 "
                + "(companion alone %.3f, uniform %.3f)%n", bits, -Math.log(0.6) / Math.log(2), Math.log(V) / Math.log(2));
        assertTrue(bits < -Math.log(0.6) / Math.log(2) + 0.15, "the mixer should trust the companion: " + bits);
        assertThrows(IllegalArgumentException.class, () -> mixer.charge(new float[][] {uniform()}, 0, text[0]));
    }
}
