package dev.braid.worker.data;

import dev.braid.worker.random.Seeds;
import dev.braid.worker.model.Batch;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Cuts a {@link StreamBlock} into truncated-BPTT segments of {@code seqLength} steps: segment j of an
 * epoch covers inputs {@code [off + jT, off + (j+1)T)} of every row, targets shifted by one. The last
 * segment of an epoch may be shorter (rows have equal length, so no masking is needed).
 *
 * <p>{@code off} is 0, or with {@code randomOffset} a seeded per-epoch value in {@code [0, T)} so that
 * segment boundaries move between epochs. Stateless training also visits the segments in a seeded
 * per-epoch order; stateful training must visit them in order.
 */
public final class StreamBatches implements BatchSource<Batch> {
    private final StreamBlock block;
    private final int seqLength;
    private final boolean stateful;
    private final boolean randomOffset;
    private final boolean resetAtDocuments;
    private final long seed;

    public StreamBatches(StreamBlock block, int seqLength, boolean stateful, boolean randomOffset,
                         boolean resetAtDocuments, long seed) {
        if (block.length() < 2) {
            throw new IllegalArgumentException("streams of " + block.length() + " tokens are too short to train on");
        }
        this.block = block;
        this.seqLength = seqLength;
        this.stateful = stateful;
        this.randomOffset = randomOffset;
        this.resetAtDocuments = resetAtDocuments;
        this.seed = seed;
    }

    /** The epoch's segment offset for streams of {@code length} tokens. */
    public static int offset(int length, int seqLength, boolean randomOffset, long seed, int epoch) {
        if (!randomOffset) {
            return 0;
        }
        int limit = Math.min(seqLength, length - 1);
        return Seeds.epochOffset(seed, epoch).nextInt(limit);
    }

    /** Segments per epoch for streams of {@code length} tokens: every partition has the same count. */
    public static int segments(int length, int seqLength, boolean randomOffset, long seed, int epoch) {
        int usable = length - 1 - offset(length, seqLength, randomOffset, seed, epoch);
        return (usable + seqLength - 1) / seqLength;
    }

    private int offset(int epoch) {
        return offset(block.length(), seqLength, randomOffset, seed, epoch);
    }

    @Override public int batchesPerEpoch(int epoch) {
        return segments(block.length(), seqLength, randomOffset, seed, epoch);
    }

    @Override public int rows() {
        return block.rows();
    }

    @Override public Batch batch(int epoch, int index) {
        int segment = stateful ? index : order(epoch)[index];
        int start = offset(epoch) + segment * seqLength;
        int steps = Math.min(seqLength, block.length() - 1 - start);
        int rows = block.rows();
        int[] in = new int[steps * rows];
        int[] out = new int[steps * rows];
        float[] weights = new float[steps * rows];
        float[] keep = resetAtDocuments ? new float[steps * rows] : null;
        Arrays.fill(weights, 1f);
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < rows; b++) {
                int i = t * rows + b;
                in[i] = block.token(b, start + t);
                out[i] = block.token(b, start + t + 1);
                if (keep != null) {
                    keep[i] = block.documentStartsAt(b, start + t) ? 0f : 1f;
                }
            }
        }
        return Batch.stream(rows, steps, in, out, weights, keep);
    }

    private int[] order(int epoch) {
        int n = batchesPerEpoch(epoch);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = Seeds.segmentOrder(seed, epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }
}
