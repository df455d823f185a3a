package dev.braid.worker.infer;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.rnn.LayerState;
import dev.braid.worker.stack.Memory;

/**
 * The encoder-decoder as a {@link StepScorer}: decoder states follow each hypothesis's parent row and
 * every row attends over the source it was started from.
 */
final class Seq2SeqScorer implements StepScorer {
    private final StackModel model;
    private final Memory memory;
    private LayerState[] states;
    private int[] memoryRow;
    private Buf logProbs;

    Seq2SeqScorer(StackModel model, Memory memory) {
        this.model = model;
        this.memory = memory;
    }

    @Override public int vocabulary() {
        return model.outputs();
    }

    @Override public float[] step(int[] parents, int[] last) {
        if (states == null) {
            memoryRow = parents.clone();
            states = model.initialStates(memoryRow);
        } else {
            int[] rows = new int[parents.length];
            for (int r = 0; r < parents.length; r++) {
                rows[r] = memoryRow[parents[r]];
            }
            memoryRow = rows;
            for (int i = 0; i < states.length; i++) {
                states[i] = states[i] == null ? null : states[i].gather(model.kernels(), parents);
            }
        }
        int v = vocabulary();
        logProbs = model.kernels().alloc(parents.length * v);
        model.step(memory, last, states, memoryRow, logProbs);
        return logProbs.toFloatArray();
    }
}
