package dev.braid.driver.report;

import dev.braid.driver.io.SavedModel;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.nn.ParamLayout;
import dev.braid.worker.nn.Slot;
import dev.braid.worker.stack.EmbeddingSpec;
import dev.braid.worker.stack.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A 2-D map of a model's first embedding table: its rows projected on their two principal components
 * (PCA by power iteration on the covariance, from a fixed start, so the same table gives the same map),
 * the most frequent symbols labelled.
 */
final class EmbeddingMap {
    static final int LABELS = 40;

    private EmbeddingMap() {
    }

    /** The map of {@code model}'s first embedding, or null when it has none. */
    static Plot of(SavedModel model) {
        List<LayerSpec> layers = new ArrayList<>(model.spec().encoder());
        layers.addAll(model.spec().stack());
        for (int u = 0; u < layers.size(); u++) {
            if (layers.get(u) instanceof EmbeddingSpec e && e.dim() >= 2) {
                ParamLayout layout = model.spec().build(Precision.FLOAT).layout();
                Slot slot = layout.slot(e.name() + ".E");
                Vocabulary vocab = vocabulary(model.vocabularies(), u < model.spec().encoderUnits());
                return map(e, model.params(), slot.offset(), vocab);
            }
        }
        return null;
    }

    private static Vocabulary vocabulary(Map<String, Vocabulary> vocabularies, boolean encoder) {
        String role = encoder ? "source" : vocabularies.containsKey("target") ? "target" : "tokens";
        return vocabularies.containsKey(role) ? vocabularies.get(role)
                : vocabularies.values().stream().findFirst().orElse(null);
    }

    private static Plot map(EmbeddingSpec e, float[] params, int offset, Vocabulary vocab) {
        int n = e.vocabulary();
        int d = e.dim();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += params[offset + i * d + j] / (double) n;
            }
        }
        double[][] cov = new double[d][d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                double xa = params[offset + i * d + a] - mean[a];
                for (int b = a; b < d; b++) {
                    cov[a][b] += xa * (params[offset + i * d + b] - mean[b]);
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                cov[a][b] = cov[b][a];
            }
        }
        double[] first = component(cov, null);
        double[] second = component(cov, first);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = params[offset + i * d + j] - mean[j];
                x[i] += v * first[j];
                y[i] += v * second[j];
            }
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; vocab != null && i < Math.min(n, Math.min(vocab.size(), LABELS)); i++) {
            labels.add(vocab.symbol(i).replace("\n", "\\n").replace(" ", "␣"));
        }
        return Plot.of("embedding", String.format(java.util.Locale.ROOT, "Embedding '%s' (%,d symbols × %d): every row "
                + "on the table's first two principal components; the first %d symbols of the vocabulary labelled.",
                e.name(), n, d, labels.size()), Charts.scatter("Embedding map (PCA)", "component 1", "component 2", x, y,
                labels));
    }

    /** The leading eigenvector of {@code cov}, orthogonal to {@code other} when given (power iteration). */
    private static double[] component(double[][] cov, double[] other) {
        int d = cov.length;
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = 1.0 / Math.sqrt(d) * (j % 2 == 0 ? 1 : 0.5);
        }
        for (int it = 0; it < 200; it++) {
            if (other != null) {
                double p = dot(v, other);
                for (int j = 0; j < d; j++) {
                    v[j] -= p * other[j];
                }
            }
            double[] w = new double[d];
            for (int a = 0; a < d; a++) {
                w[a] = dot(cov[a], v);
            }
            double norm = Math.sqrt(dot(w, w));
            if (norm == 0) {
                break;
            }
            for (int j = 0; j < d; j++) {
                v[j] = w[j] / norm;
            }
        }
        if (other != null) {
            double p = dot(v, other);
            for (int j = 0; j < d; j++) {
                v[j] -= p * other[j];
            }
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
