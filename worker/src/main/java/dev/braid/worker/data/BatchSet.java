package dev.braid.worker.data;

import dev.braid.worker.random.Seeds;
import dev.braid.worker.model.Batch;
import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One partition's share of stateless examples: pre-encoded, padded batches (built once by the
 * driver's batcher and cached). Each epoch visits them in a seeded order of its own.
 */
public record BatchSet(int partition, List<Batch> batches) implements Serializable {

    /** A content hash of every batch in order: shapes, tokens, lengths and weights. */
    public long fingerprint() {
        Fingerprint f = new Fingerprint(partition).add(batches.size());
        for (Batch b : batches) {
            b.addTo(f);
        }
        return f.value();
    }

    /** The outputs that count: the sum of every batch's weights (the real target tokens of 0/1 weights). */
    public long targetTokens() {
        long n = 0;
        for (Batch b : batches) {
            n += (long) b.weight();
        }
        return n;
    }

    /** The visiting order of {@code epoch} of partition {@code partition}'s {@code n} batches (wherever they are kept). */
    public static int[] order(long seed, int epoch, int partition, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = Seeds.batchOrder(seed, epoch, partition);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
