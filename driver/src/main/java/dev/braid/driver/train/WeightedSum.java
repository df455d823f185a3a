package dev.braid.driver.train;

import dev.braid.worker.train.RoundResult;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Token-weighted sums of partition results, added in partition order. Floating-point addition is not
 * associative, so a fixed order is what makes the same seed and data give the same parameters; Spark's
 * {@code treeAggregate} merges in task-completion order and would not.
 */
final class WeightedSum implements Serializable {
    double[] params;
    double[] optimizer;
    double weight;
    double lossSum;
    double gradNormSum;
    int batches;
    long maxComputeNanos;
    long totalComputeNanos;
    final TreeMap<Integer, float[]> states = new TreeMap<>();
    /** Partitions whose round met a non-finite loss or gradient, with the batch: "partition 1 (batch 37)". */
    final java.util.List<String> nonFinite = new java.util.ArrayList<>();

    void add(RoundResult r) {
        if (params == null) {
            params = new double[r.params().length];
            optimizer = new double[r.optimizerState().length];
        }
        double w = r.weight();
        axpy(w, r.params(), params);
        axpy(w, r.optimizerState(), optimizer);
        weight += w;
        lossSum += r.lossSum();
        gradNormSum += r.gradNormSum();
        batches += r.batches();
        maxComputeNanos = Math.max(maxComputeNanos, r.computeNanos());
        totalComputeNanos += r.computeNanos();
        states.put(r.partition(), r.rnnState());
        if (!r.finite()) {
            nonFinite.add("partition " + r.partition() + " (batch " + r.nonFiniteBatch() + ")");
        }
    }

    void merge(WeightedSum o) {
        if (params == null) {
            params = o.params.clone();
            optimizer = o.optimizer.clone();
        } else {
            for (int i = 0; i < params.length; i++) {
                params[i] += o.params[i];
            }
            for (int i = 0; i < optimizer.length; i++) {
                optimizer[i] += o.optimizer[i];
            }
        }
        weight += o.weight;
        lossSum += o.lossSum;
        gradNormSum += o.gradNormSum;
        batches += o.batches;
        maxComputeNanos = Math.max(maxComputeNanos, o.maxComputeNanos);
        totalComputeNanos += o.totalComputeNanos;
        for (Map.Entry<Integer, float[]> e : o.states.entrySet()) {
            states.put(e.getKey(), e.getValue());
        }
        nonFinite.addAll(o.nonFinite);
    }

    private static void axpy(double a, float[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    static float[] divide(double[] sum, double weight) {
        float[] out = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = (float) (sum[i] / weight);
        }
        return out;
    }
}
