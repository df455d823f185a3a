package dev.braid.driver.workload;

import dev.braid.worker.data.SineSeries;
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
 * Forecasting: at every step of a series of {@code steps} points the model predicts the next
 * (many-to-many, a regression head). Scored on test series by the squared error of the forecast after
 * the last step against the naive forecast (the last value), and by free-running generation: from the
 * window, {@code generate} steps each fed back as the next input ("creative" generation), against
 * repeating the last value.
 */
final class SineTask implements TeachingTask {
    private final int steps;
    private final int generate;

    SineTask(int steps, int generate) {
        this.steps = steps;
        this.generate = generate;
    }

    @Override public int vocabulary() {
        return 0;
    }

    @Override public HeadSpec defaultHead() {
        return new RegressionSpec("out", 1, RegressionLoss.MSE, 1, StepWeights.NONE);
    }

    /** A series of {@code steps + generate + 1} points, all on one grid. */
    private float[] series(SplittableRandom rng) {
        return SineSeries.series(rng, steps + generate + 1, steps + generate + 1);
    }

    @Override public List<Batch> examples(SplittableRandom rng, int count, int rows) {
        return batches(rng, count, rows, steps);
    }

    /** Whole series: the window and what follows it, for the free-running score. */
    @Override public List<Batch> tests(SplittableRandom rng, int count, int rows) {
        return batches(rng, count, rows, steps + generate);
    }

    private List<Batch> batches(SplittableRandom rng, int count, int rows, int length) {
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < count; from += rows) {
            List<float[]> s = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + rows); i++) {
                s.add(series(rng));
            }
            out.add(window(s, length));
        }
        return out;
    }

    /** The first {@code length} points of each series as inputs, each next point as its target. */
    private static Batch window(List<float[]> series, int length) {
        int rows = series.size();
        float[] in = new float[length * rows];
        float[] next = new float[length * rows];
        float[] w = new float[length * rows];
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < length; t++) {
                in[t * rows + b] = series.get(b)[t];
                next[t * rows + b] = series.get(b)[t + 1];
                w[t * rows + b] = 1;
            }
        }
        return new Batch(rows, length, null, in, null, null, 0, null, null, null, next, w);
    }

    @Override public Map<String, Double> evaluate(StackModel model, List<Batch> test) {
        double err = 0;
        double naive = 0;
        double gen = 0;
        double repeat = 0;
        int n = 0;
        for (Batch b : test) {
            int rows = b.rows();
            List<float[]> series = unpack(b);
            float[] p = TeachingTask.predict(model, window(series, steps));
            for (int r = 0; r < rows; r++) {
                float[] s = series.get(r);
                err += sq(p[(steps - 1) * rows + r] - s[steps]);
                naive += sq(s[steps - 1] - s[steps]);
            }
            float[][] run = freeRun(model, series);
            for (int r = 0; r < rows; r++) {
                for (int g = 0; g < generate; g++) {
                    gen += sq(run[r][g] - series.get(r)[steps + g]);
                    repeat += sq(series.get(r)[steps - 1] - series.get(r)[steps + g]);
                }
            }
            n += rows;
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("testMse", err / n);
        scores.put("naiveMse", naive / n);
        scores.put("generatedMse", generate == 0 ? 0 : gen / (n * (double) generate));
        scores.put("repeatLastMse", generate == 0 ? 0 : repeat / (n * (double) generate));
        scores.put("testSeries", (double) n);
        return scores;
    }

    /** The whole test series back out of a batch: its inputs, then the target after the last. */
    private List<float[]> unpack(Batch b) {
        List<float[]> out = new ArrayList<>();
        for (int r = 0; r < b.rows(); r++) {
            float[] s = new float[b.steps() + 1];
            for (int t = 0; t < b.steps(); t++) {
                s[t] = b.features()[t * b.rows() + r];
            }
            s[b.steps()] = b.targetValues()[(b.steps() - 1) * b.rows() + r];
            out.add(s);
        }
        return out;
    }

    /** From each window, {@code generate} forecasts, each appended to the input of the next. */
    private float[][] freeRun(StackModel model, List<float[]> series) {
        int rows = series.size();
        float[][] out = new float[rows][generate];
        List<float[]> grown = new ArrayList<>();
        for (float[] s : series) {
            grown.add(java.util.Arrays.copyOf(s, steps + generate + 1));
        }
        for (int g = 0; g < generate; g++) {
            int length = steps + g;
            float[] p = TeachingTask.predict(model, window(grown, length));
            for (int r = 0; r < rows; r++) {
                out[r][g] = p[(length - 1) * rows + r];
                grown.get(r)[length] = out[r][g];
            }
        }
        return out;
    }

    private static double sq(double x) {
        return x * x;
    }

    @Override public double error(Map<String, Double> scores) {
        return scores.get("testMse");
    }

    @Override public String describe(Map<String, Double> s) {
        return String.format(Locale.ROOT, "Next-value MSE %.5f (naive, the last value: %.5f; %.1fx better) on %,.0f test "
                        + "series; %d steps generated free-running: MSE %.5f (repeating the last value: %.5f)", s.get("testMse"),
                s.get("naiveMse"), s.get("naiveMse") / s.get("testMse"), s.get("testSeries"), generate, s.get("generatedMse"),
                s.get("repeatLastMse"));
    }
}
