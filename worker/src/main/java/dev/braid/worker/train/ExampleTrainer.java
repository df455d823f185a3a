package dev.braid.worker.train;

import dev.braid.worker.data.BatchSource;
import dev.braid.worker.data.BatchSet;
import dev.braid.worker.kernel.DeviceChoice;
import dev.braid.worker.model.Batch;

/** Trains one partition's round of example batches (in the epoch's seeded order) with the thread's cached loop. */
public final class ExampleTrainer {
    private ExampleTrainer() {
    }

    /** One round over a partition's batches held in memory: the same round as over them read one by one. */
    public static RoundResult trainRound(TrainingSpec spec, BatchSet set, RoundStart start, DeviceChoice device) {
        return trainRound(spec, set.partition(), set.batches().size(), set.batches().iterator(), start, device);
    }

    /**
     * One round over a partition whose {@code count} batches arrive in batch order from {@code batches}
     * (read from disk one by one): only the batches this round visits — epoch order positions
     * {@code [fromBatch, toBatch)} — are kept, so memory holds a round's batches, not the partition's.
     * The batches, their order and so the result are those of {@link #trainRound} over the same batches.
     */
    public static RoundResult trainRound(TrainingSpec spec, int partition, int count, java.util.Iterator<Batch> batches,
                                         RoundStart start, DeviceChoice device) {
        int[] order = BatchSet.order(spec.seed(), start.epoch(), partition, count);
        java.util.Map<Integer, Batch> kept = new java.util.HashMap<>();
        java.util.Set<Integer> wanted = new java.util.HashSet<>();
        for (int i = start.fromBatch(); i < Math.min(start.toBatch(), count); i++) {
            wanted.add(order[i]);
        }
        for (int index = 0; batches.hasNext() && kept.size() < wanted.size(); index++) {
            Batch b = batches.next();
            if (wanted.contains(index)) {
                kept.put(index, b);
            }
        }
        if (kept.size() < wanted.size()) {
            throw new IllegalStateException("partition " + partition + " holds fewer than its " + count + " batches");
        }
        BatchSource<Batch> source = new BatchSource<>() {
            @Override public int batchesPerEpoch(int e) {
                return count;
            }

            @Override public Batch batch(int e, int index) {
                return kept.get(order[index]);
            }

            @Override public int rows() {
                return 0;
            }
        };
        return device.run(() -> LoopCache.loop(spec, device).run(partition, start, new float[0], source));
    }
}
