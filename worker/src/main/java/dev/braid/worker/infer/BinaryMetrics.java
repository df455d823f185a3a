package dev.braid.worker.infer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A binary classifier's figures on a held-out set, from each example's score (higher: more likely positive)
 * and label: accuracy, precision, recall and F1 of the positive class at a score threshold, and the area
 * under the ROC curve — the probability that a random positive scores above a random negative, ties
 * counting half (the Mann-Whitney statistic, so it needs no threshold).
 */
public final class BinaryMetrics {
    private final double[] scores;
    private final boolean[] positive;

    public BinaryMetrics(double[] scores, boolean[] positive) {
        if (scores.length != positive.length || scores.length == 0) {
            throw new IllegalArgumentException(scores.length + " scores for " + positive.length + " labels");
        }
        this.scores = scores.clone();
        this.positive = positive.clone();
    }

    /** Counts at {@code threshold}: a score at or above it predicts positive. */
    public record Counts(long tp, long fp, long tn, long fn) {
        public double accuracy() {
            return (double) (tp + tn) / (tp + fp + tn + fn);
        }

        /** 0 when nothing is predicted positive. */
        public double precision() {
            return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    public Counts at(double threshold) {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] >= threshold;
            if (predicted) {
                if (positive[i]) tp++; else fp++;
            } else {
                if (positive[i]) fn++; else tn++;
            }
        }
        return new Counts(tp, fp, tn, fn);
    }

    /** ROC AUC by ranks (average ranks for ties); NaN where one class is absent. */
    public double auc() {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRanks = 0;
        long positives = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // the average 1-based rank of the tied run i..j
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    positiveRanks += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * The mean negative log-likelihood of the labels (nats), each score read as a probability clipped to
     * [1e-7, 1 - 1e-7] (a confident mistake costs at most ~16).
     */
    public double logLoss() {
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            double p = Math.min(1 - 1e-7, Math.max(1e-7, scores[i]));
            sum -= Math.log(positive[i] ? p : 1 - p);
        }
        return sum / scores.length;
    }

    /** The figures at {@code threshold}, by name, for a report. */
    public Map<String, Object> summary(double threshold) {
        Counts c = at(threshold);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accuracy", c.accuracy());
        out.put("precision", c.precision());
        out.put("recall", c.recall());
        out.put("f1", c.f1());
        out.put("auc", auc());
        out.put("counts", Map.of("tp", c.tp(), "fp", c.fp(), "tn", c.tn(), "fn", c.fn()));
        return out;
    }
}
