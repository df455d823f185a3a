package dev.braid.worker.classify;

import dev.braid.worker.model.Batch;
import dev.braid.worker.model.StackModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A trained classifier's probability of the positive class for each document, in batches of similar
 * lengths (little padding), each from a zero state; the results in the documents' order.
 */
public final class DocumentScorer {
    private final StackModel model;
    private final int rows;

    public DocumentScorer(StackModel model, int rows) {
        this.model = model;
        this.rows = rows;
    }

    /** P(label 1) of each of {@code examples}, in their order. */
    public double[] probabilities(List<LabelledBatches.Example> examples) {
        Integer[] order = new Integer[examples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> examples.get(i).ids().length));
        double[] out = new double[examples.size()];
        for (int from = 0; from < order.length; from += rows) {
            List<LabelledBatches.Example> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(order.length, from + rows); i++) {
                chunk.add(examples.get(order[i]));
            }
            Batch b = LabelledBatches.batch(chunk, null);
            model.resetState(b.rows());
            float[] p = model.predict(b);
            for (int r = 0; r < chunk.size(); r++) {
                out[order[from + r]] = p[r];
            }
        }
        return out;
    }
}
