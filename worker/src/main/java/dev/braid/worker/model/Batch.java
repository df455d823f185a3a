package dev.braid.worker.model;

import dev.braid.worker.data.Fingerprint;
import dev.braid.worker.data.Vocabulary;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One minibatch of any model, time-major (index {@code t * rows + b}). The main stack reads
 * {@code steps} steps of token {@code inputs} or numeric {@code features} ({@code [steps*rows, F]}),
 * with {@code keep} (null, or 0 where row b's carried state is reset before step t) and
 * {@code lengths} (null: every step of every row is real; else each row's real steps, a right-padded
 * row). An encoder, when the model has one, reads {@code source} ({@code [sourceSteps*rows]}) with each
 * row's {@code sourceLengths}. The head compares the last layer's outputs with {@code targets} (class
 * ids) or {@code targetValues} (numbers, {@code [outputs, width]}), each output weighted by
 * {@code weights} (0 on padding; the per-step loss weights of a config multiply in): one output per
 * step, or one per row after pooling.
 */
public record Batch(int rows, int steps, int[] inputs, float[] features, float[] keep, int[] lengths,
                    int sourceSteps, int[] source, int[] sourceLengths, int[] targets, float[] targetValues,
                    float[] weights) implements Serializable {

    public Batch {
        int n = rows * steps;
        if ((inputs != null && inputs.length < n) || (keep != null && keep.length < n)
                || (lengths != null && lengths.length != rows)) {
            throw new IllegalArgumentException("batch arrays shorter than rows*steps = " + n);
        }
        if (source != null && (source.length != rows * sourceSteps || sourceLengths.length != rows)) {
            throw new IllegalArgumentException("source arrays do not match " + rows + " rows of " + sourceSteps + " steps");
        }
        if (sourceLengths != null) {
            for (int len : sourceLengths) {
                if (len < 1 || len > sourceSteps) {
                    throw new IllegalArgumentException("source length " + len + " outside [1, " + sourceSteps + "]");
                }
            }
        }
    }

    /** Consecutive streams of a language model: {@code rows} streams of {@code steps} tokens, next-token targets. */
    public static Batch stream(int rows, int steps, int[] inputs, int[] targets, float[] weights, float[] keep) {
        if (targets.length < rows * steps || weights.length < rows * steps) {
            throw new IllegalArgumentException("batch arrays shorter than rows*steps = " + rows * steps);
        }
        return new Batch(rows, steps, inputs, null, keep, null, 0, null, null, targets, null, weights);
    }

    /** Sources laid out time-major and right-padded: index {@code t * rows + b}; each row's length. */
    public record Sources(int[] ids, int[] lengths, int steps, int rows) {
        /** {@code sources} (each of length >= 1) as one time-major block. */
        public static Sources of(List<int[]> sources) {
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
     * Encoded pairs of an encoder-decoder (targets hold symbols only): sources time-major; the decoder
     * reads {@code <s> y} and predicts {@code y </s>}, right-padded with weight 0.
     */
    public static Batch pairs(List<int[]> sources, List<int[]> targets) {
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
                in[t * rows + b] = t == 0 ? Vocabulary.BOS_ID : target[t - 1];
                out[t * rows + b] = t == n ? Vocabulary.EOS_ID : target[t];
                w[t * rows + b] = 1f;
            }
        }
        return new Batch(rows, td, in, null, null, null, src.steps(), src.ids(), src.lengths(), out, null, w);
    }

    /**
     * Pairs already laid out: {@code rows} sources of {@code sourceSteps} steps with their lengths, the
     * decoder's inputs and targets of {@code steps} steps with their weights.
     */
    public static Batch pairs(int rows, int sourceSteps, int steps, int[] source, int[] sourceLengths, int[] inputs,
                              int[] targets, float[] weights) {
        if (source.length != rows * sourceSteps || inputs.length != rows * steps || targets.length != rows * steps
                || weights.length != rows * steps) {
            throw new IllegalArgumentException("batch arrays do not match " + rows + " rows");
        }
        return new Batch(rows, steps, inputs, null, null, null, sourceSteps, source, sourceLengths, targets, null, weights);
    }

    /** Time-major positions of the main stack. */
    public int size() {
        return rows * steps;
    }

    /** The sum of the outputs' weights: what the mean loss divides by (the count of real tokens for 0/1 weights). */
    public double weight() {
        double w = 0;
        for (float x : weights) {
            w += x;
        }
        return w;
    }

    /** Rows {@code [from, to)} of every step (and of the source): a micro-batch of a pipeline. */
    public Batch rowSlice(int from, int to) {
        int r = to - from;
        boolean perRow = weights.length == rows && steps != 1;
        return new Batch(r, steps, columns(inputs, 1, from, r), columns(features, featureWidth(), from, r),
                columns(keep, 1, from, r), range(lengths, from, to), sourceSteps, source == null ? null
                : columnsOf(source, sourceSteps, 1, from, r), range(sourceLengths, from, to),
                perRow ? range(targets, from, to) : columns(targets, 1, from, r),
                perRow ? rangeOf(targetValues, valueWidth(), from, to) : columns(targetValues, valueWidth(), from, r),
                perRow ? rangeOf(weights, 1, from, to) : columns(weights, 1, from, r));
    }

    /** Steps {@code [from, to)} of every row: a time chunk of a pipeline's wavefront schedule. */
    public Batch stepSlice(int from, int to) {
        if (source != null || lengths != null) {
            throw new IllegalStateException("only consecutive streams are cut into time chunks");
        }
        int a = from * rows;
        int b = to * rows;
        return new Batch(rows, to - from, slice(inputs, a, b), sliceOf(features, a * featureWidth(), b * featureWidth()),
                sliceOf(keep, a, b), null, 0, null, null, slice(targets, a, b),
                sliceOf(targetValues, a * valueWidth(), b * valueWidth()), sliceOf(weights, a, b));
    }

    /** Adds what identifies this batch's content to {@code f}: shapes, tokens, lengths, targets and weights. */
    public Fingerprint addTo(Fingerprint f) {
        f.add(rows).add(sourceSteps).add(steps).add(source == null ? new int[0] : source)
                .add(sourceLengths == null ? new int[0] : sourceLengths).add(inputs == null ? new int[0] : inputs)
                .add(targets == null ? new int[0] : targets).add(weights);
        // what only later kinds of batches hold; absent, the fingerprint is what it always was
        if (features != null) {
            f.add(features);
        }
        if (targetValues != null) {
            f.add(targetValues);
        }
        if (lengths != null) {
            f.add(lengths);
        }
        if (keep != null) {
            f.add(keep);
        }
        return f;
    }

    private int featureWidth() {
        return features == null ? 0 : features.length / (rows * steps);
    }

    private int valueWidth() {
        if (targetValues == null) {
            return 0;
        }
        return targetValues.length / weights.length;
    }

    private int[] columns(int[] a, int width, int from, int r) {
        return a == null ? null : columnsOf(a, steps, width, from, r);
    }

    private int[] columnsOf(int[] a, int stepCount, int width, int from, int r) {
        int[] out = new int[stepCount * r * width];
        for (int t = 0; t < stepCount; t++) {
            System.arraycopy(a, (t * rows + from) * width, out, t * r * width, r * width);
        }
        return out;
    }

    private float[] columns(float[] a, int width, int from, int r) {
        if (a == null) {
            return null;
        }
        float[] out = new float[steps * r * width];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(a, (t * rows + from) * width, out, t * r * width, r * width);
        }
        return out;
    }

    private static int[] range(int[] a, int from, int to) {
        return a == null ? null : Arrays.copyOfRange(a, from, to);
    }

    private static float[] rangeOf(float[] a, int width, int from, int to) {
        return a == null ? null : Arrays.copyOfRange(a, from * width, to * width);
    }

    private static int[] slice(int[] a, int from, int to) {
        return a == null ? null : Arrays.copyOfRange(a, from, to);
    }

    private static float[] sliceOf(float[] a, int from, int to) {
        return a == null ? null : Arrays.copyOfRange(a, from, to);
    }
}
