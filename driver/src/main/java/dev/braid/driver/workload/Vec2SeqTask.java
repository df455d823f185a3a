package dev.braid.driver.workload;

import dev.braid.worker.kernel.RegressionLoss;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.stack.HeadSpec;
import dev.braid.worker.stack.RegressionSpec;
import dev.braid.worker.stack.StepWeights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Vec2seq: one vector per row, a sine's angular frequency {@code w} (0.1 to 0.6 radians a step) and its
 * phase {@code p} (as {@code sin p, cos p}), in; the wave {@code sin(w t + p)}, t = 0..steps-1, out.
 * Scored by test MSE against predicting 0 (the wave's mean; MSE about 0.5).
 */
final class Vec2SeqTask implements TeachingTask {
    private final int steps;

    Vec2SeqTask(int steps) {
        this.steps = steps;
    }

    @Override public int vocabulary() {
        return 0;
    }

    @Override public HeadSpec defaultHead() {
        return new RegressionSpec("out", 1, RegressionLoss.MSE, 1, StepWeights.NONE);
    }

    @Override public List<Batch> examples(SplittableRandom rng, int count, int rows) {
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < count; from += rows) {
            int n = Math.min(count, from + rows) - from;
            float[] in = new float[3 * n];
            float[] wave = new float[steps * n];
            float[] w = new float[steps * n];
            for (int b = 0; b < n; b++) {
                double omega = 0.1 + 0.5 * rng.nextDouble();
                double phase = 2 * Math.PI * rng.nextDouble();
                in[3 * b] = (float) omega;
                in[3 * b + 1] = (float) Math.sin(phase);
                in[3 * b + 2] = (float) Math.cos(phase);
                for (int t = 0; t < steps; t++) {
                    wave[t * n + b] = (float) Math.sin(omega * t + phase);
                    w[t * n + b] = 1;
                }
            }
            out.add(new Batch(n, steps, null, in, null, null, 0, null, null, null, wave, w));
        }
        return out;
    }

    @Override public Map<String, Double> evaluate(StackModel model, List<Batch> test) {
        double err = 0;
        double zero = 0;
        long n = 0;
        for (Batch b : test) {
            float[] p = TeachingTask.predict(model, b);
            for (int i = 0; i < p.length; i++) {
                double y = b.targetValues()[i];
                err += (p[i] - y) * (p[i] - y);
                zero += y * y;
            }
            n += p.length;
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("testMse", err / n);
        scores.put("zeroMse", zero / n);
        scores.put("testWaves", (double) (n / steps));
        return scores;
    }

    @Override public double error(Map<String, Double> scores) {
        return scores.get("testMse");
    }

    @Override public String describe(Map<String, Double> s) {
        return String.format(Locale.ROOT, "Test MSE %.5f over %,.0f waves of %d steps (predicting 0: %.4f)", s.get("testMse"),
                s.get("testWaves"), steps, s.get("zeroMse"));
    }
}
