package dev.braid.worker.mix;

/**
 * Sets of weights for a geometric mixture of log-distributions, {@code p(c) ∝ exp(Σ_i w_i logs[i][c])},
 * learned online by the gradient of {@code -log p(target)}. A context picks the set (so the mixture can
 * trust a model in some situations and not in others). With {@code normalised} steps each weight's step
 * is divided by the root of a running mean of its squared gradients, because the inputs' scales differ
 * by orders of magnitude (a long context's log-probabilities reach -16, the network's rarely -5). A set
 * is allocated when it first learns: a selector on the last two tokens has vocabulary² sets, most never
 * used.
 */
final class GeometricMixer {
    private static final double MEAN_DECAY = 0.999;
    private static final double EPSILON = 1e-3;
    private final double[] initial;
    private final double[][] weights;
    private final double[][] meanSquare;
    private final double rate;
    private final boolean normalised;
    private final double[] gradient;

    GeometricMixer(int sets, double[] initial, double rate, boolean normalised) {
        this.initial = initial.clone();
        this.weights = new double[sets][];
        this.meanSquare = new double[sets][];
        this.rate = rate;
        this.normalised = normalised;
        this.gradient = new double[initial.length];
    }

    void mix(int set, double[][] logs, double[] p) {
        mix(weights[set] != null ? weights[set] : initial, logs, p);
    }

    /** One step on {@code -log p(target)} for the set that produced {@code p} from {@code logs}. */
    void learn(int set, double[][] logs, double[] p, int target) {
        weightGradient(logs, p, target, gradient);
        if (weights[set] == null) {
            weights[set] = initial.clone();
            meanSquare[set] = new double[initial.length];
        }
        double[] w = weights[set];
        double[] r = meanSquare[set];
        for (int i = 0; i < w.length; i++) {
            if (normalised) {
                r[i] = MEAN_DECAY * r[i] + (1 - MEAN_DECAY) * gradient[i] * gradient[i];
                w[i] -= rate * gradient[i] / Math.sqrt(r[i] + EPSILON);
            } else {
                w[i] -= rate * gradient[i];
            }
        }
    }

    double[] weights(int set) {
        return (weights[set] != null ? weights[set] : initial).clone();
    }

    /** Fills {@code p} with {@code p(c) ∝ exp(Σ_i w_i logs[i][c])}. */
    static void mix(double[] w, double[][] logs, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < p.length; c++) {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
                s += w[i] * logs[i][c];
            }
            p[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
    }

    /** Gradient of {@code -log p(target)} in the weights: {@code E_p[logs_i] - logs_i(target)}. */
    static void weightGradient(double[][] logs, double[] p, int target, double[] gradient) {
        for (int i = 0; i < gradient.length; i++) {
            double expected = 0;
            for (int c = 0; c < p.length; c++) {
                expected += p[c] * logs[i][c];
            }
            gradient[i] = expected - logs[i][target];
        }
    }
}
