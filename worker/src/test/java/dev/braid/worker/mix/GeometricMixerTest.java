package dev.braid.worker.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeometricMixerTest {
    private static double[][] randomLogDistributions(SplittableRandom rng, int inputs, int vocab) {
        double[][] logs = new double[inputs][vocab];
        for (double[] row : logs) {
            double sum = 0;
            for (int c = 0; c < vocab; c++) {
                row[c] = Math.exp(3 * rng.nextGaussian());
                sum += row[c];
            }
            for (int c = 0; c < vocab; c++) {
                row[c] = Math.log(row[c] / sum);
            }
        }
        return logs;
    }

    private static double loss(double[] w, double[][] logs, int target) {
        double[] p = new double[logs[0].length];
        GeometricMixer.mix(w, logs, p);
        return -Math.log(p[target]);
    }

    /** The hand-written weight gradient against central differences, in double precision. */
    @Test
    void weightGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            int inputs = 1 + rng.nextInt(8);
            double[][] logs = randomLogDistributions(rng, inputs, 17);
            double[] w = rng.doubles(inputs, -1, 1.5).toArray();
            int target = rng.nextInt(17);
            double[] p = new double[17];
            GeometricMixer.mix(w, logs, p);
            double[] gradient = new double[inputs];
            GeometricMixer.weightGradient(logs, p, target, gradient);
            for (int i = 0; i < inputs; i++) {
                double h = 1e-6;
                double[] plus = w.clone();
                double[] minus = w.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric = (loss(plus, logs, target) - loss(minus, logs, target)) / (2 * h);
                assertEquals(numeric, gradient[i], 1e-6 * Math.max(1, Math.abs(numeric)), "trial " + trial + " weight " + i);
            }
        }
    }

    @Test
    void mixtureIsADistributionAndLearningLowersTheLossOfWhatItSees() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] logs = randomLogDistributions(rng, 4, 9);
        GeometricMixer mixer = new GeometricMixer(2, new double[] {1, 0, 0, 0}, 0.05, true);
        double[] p = new double[9];
        mixer.mix(1, logs, p);
        double before = -Math.log(p[4]);
        double sum = 0;
        for (double x : p) {
            sum += x;
        }
        assertEquals(1, sum, 1e-12);
        for (int step = 0; step < 50; step++) {
            mixer.mix(1, logs, p);
            mixer.learn(1, logs, p, 4);
        }
        mixer.mix(1, logs, p);
        assertTrue(-Math.log(p[4]) < before, "loss of the repeated target " + -Math.log(p[4]) + " vs " + before);
        assertEquals(1, mixer.weights(0)[0]);
        assertEquals(0, mixer.weights(0)[1]);
    }
}
