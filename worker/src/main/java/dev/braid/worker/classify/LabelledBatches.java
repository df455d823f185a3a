package dev.braid.worker.classify;

import dev.braid.worker.model.Batch;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Labelled documents as training batches: sorted by length (then name, so the batches are the same
 * wherever they are built), cut into batches of up to {@code rows} documents right-padded to the longest,
 * each row's length, label (0 or 1) and weight (its class's) given.
 */
public final class LabelledBatches {
    private LabelledBatches() {
    }

    /** One encoded document: its name, class (0 or 1) and token ids. */
    public record Example(String name, int label, int[] ids) implements Serializable {
    }

    /** {@code examples} in batches of up to {@code rows}; row weights {@code classWeights[label]}. */
    public static List<Batch> of(List<Example> examples, int rows, float[] classWeights) {
        List<Example> sorted = new ArrayList<>(examples);
        sorted.sort(Comparator.comparingInt((Example e) -> e.ids().length).thenComparing(Example::name));
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < sorted.size(); from += rows) {
            out.add(batch(sorted.subList(from, Math.min(sorted.size(), from + rows)), classWeights));
        }
        return out;
    }

    /** One batch of {@code examples} in their order (labels unknown read as 0, weight 1 where not given). */
    public static Batch batch(List<Example> examples, float[] classWeights) {
        int rows = examples.size();
        int steps = examples.stream().mapToInt(e -> e.ids().length).max().orElse(1);
        int[] ids = new int[steps * rows];
        int[] lengths = new int[rows];
        float[] labels = new float[rows];
        float[] weights = new float[rows];
        for (int b = 0; b < rows; b++) {
            Example e = examples.get(b);
            for (int t = 0; t < e.ids().length; t++) {
                ids[t * rows + b] = e.ids()[t];
            }
            lengths[b] = e.ids().length;
            labels[b] = e.label();
            weights[b] = classWeights == null ? 1 : classWeights[e.label()];
        }
        return new Batch(rows, steps, ids, null, null, lengths, 0, null, null, null, labels, weights);
    }
}
