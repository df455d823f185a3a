package dev.braid.worker.model;

import java.io.Serializable;

/**
 * A batch of {@code rows} source-target pairs, right-padded and time-major (index {@code t * rows + b}):
 * sources of {@code sourceSteps} steps with each row's length; decoder inputs ({@code <s> y1 .. yn})
 * and outputs ({@code y1 .. yn </s>}) of {@code targetSteps} steps with weight 0 on padding.
 */
public record Seq2SeqBatch(int rows, int sourceSteps, int targetSteps, int[] source, int[] sourceLengths,
                           int[] targetIn, int[] targetOut, float[] weights) implements Serializable {

    public Seq2SeqBatch {
        if (source.length != rows * sourceSteps || sourceLengths.length != rows || targetIn.length != rows * targetSteps
                || targetOut.length != rows * targetSteps || weights.length != rows * targetSteps) {
            throw new IllegalArgumentException("batch arrays do not match " + rows + " rows");
        }
        for (int len : sourceLengths) {
            if (len < 1 || len > sourceSteps) {
                throw new IllegalArgumentException("source length " + len + " outside [1, " + sourceSteps + "]");
            }
        }
    }

    /** Sources laid out time-major and right-padded: index {@code t * rows + b}; each row's length. */
    public record Sources(int[] ids, int[] lengths, int steps, int rows) {
        /** {@code sources} (each of length >= 1) as one time-major block. */
        public static Sources of(java.util.List<int[]> sources) {
            int rows = sources.size();
            int steps = 0;
            for (int[] s : sources) {
                steps = Math.max(steps, s.length);
            }
            int[] ids = new int[steps * rows];
            int[] lengths = new int[rows];
            for (int b = 0; b < rows; b++) {
                int[] s = sources.get(b);
                lengths[b] = s.length;
                for (int t = 0; t < s.length; t++) {
                    ids[t * rows + b] = s[t];
                }
            }
            return new Sources(ids, lengths, steps, rows);
        }
    }

    /**
     * A training batch of encoded pairs (targets hold symbols only): sources time-major, targets framed
     * as {@code <s> y} in and {@code y </s>} out, right-padded with weight 0.
     */
    public static Seq2SeqBatch of(java.util.List<int[]> sources, java.util.List<int[]> targets) {
        Sources src = Sources.of(sources);
        int rows = src.rows();
        int td = 0;
        for (int[] t : targets) {
            td = Math.max(td, t.length + 1);
        }
        int[] in = new int[td * rows];
        int[] out = new int[td * rows];
        float[] w = new float[td * rows];
        for (int b = 0; b < rows; b++) {
            int[] target = targets.get(b);
            int n = target.length;
            for (int t = 0; t <= n; t++) {
                in[t * rows + b] = t == 0 ? dev.braid.worker.data.Vocabulary.BOS_ID : target[t - 1];
                out[t * rows + b] = t == n ? dev.braid.worker.data.Vocabulary.EOS_ID : target[t];
                w[t * rows + b] = 1f;
            }
        }
        return new Seq2SeqBatch(rows, src.steps(), td, src.ids(), src.lengths(), in, out, w);
    }

    /** Rows {@code [from, to)}, padded to the same steps: a micro-batch of a pipeline. */
    public Seq2SeqBatch rowSlice(int from, int to) {
        int r = to - from;
        return new Seq2SeqBatch(r, sourceSteps, targetSteps, columns(source, sourceSteps, from, r),
                java.util.Arrays.copyOfRange(sourceLengths, from, to), columns(targetIn, targetSteps, from, r),
                columns(targetOut, targetSteps, from, r), columns(weights, targetSteps, from, r));
    }

    private int[] columns(int[] a, int steps, int from, int r) {
        int[] out = new int[steps * r];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(a, t * rows + from, out, t * r, r);
        }
        return out;
    }

    private float[] columns(float[] a, int steps, int from, int r) {
        float[] out = new float[steps * r];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(a, t * rows + from, out, t * r, r);
        }
        return out;
    }

    /** Target tokens that count (non-padding). */
    public int targetTokens() {
        int n = 0;
        for (float w : weights) {
            n += w > 0 ? 1 : 0;
        }
        return n;
    }
}
