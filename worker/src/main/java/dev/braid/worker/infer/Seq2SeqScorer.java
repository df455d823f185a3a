package dev.braid.worker.infer;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.model.Seq2SeqModel;
import dev.braid.worker.rnn.LayerState;
import dev.braid.worker.seq2seq.EncoderMemory;

/**
 * The encoder-decoder as a {@link StepScorer}: decoder states follow each hypothesis's parent row and
 * every row attends over the source it was started from.
 */
final class Seq2SeqScorer implements StepScorer {
    private final Seq2SeqModel model;
    private final EncoderMemory memory;
    private LayerState[] states;
    private int[] memoryRow;
    private Buf logProbs;

    Seq2SeqScorer(Seq2SeqModel model, EncoderMemory memory) {
        this.model = model;
        this.memory = memory;
    }

    @Override public int vocabulary() {
        return model.spec().targetVocabulary();
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
                states[i] = states[i].gather(model.kernels(), parents);
            }
        }
        int v = vocabulary();
        logProbs = model.kernels().alloc(parents.length * v);
        model.step(memory, last, states, memoryRow, logProbs);
        return logProbs.toFloatArray();
    }
}
