package dev.braid.driver.train;

import dev.braid.worker.data.BatchSet;
import dev.braid.worker.kernel.DeviceChoice;
import dev.braid.worker.model.Batch;
import dev.braid.worker.train.ExampleTrainer;
import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import dev.braid.worker.train.TrainingSpec;
import java.util.Iterator;

/**
 * Rounds over example batches kept on executor disk ({@code data.cache = disk}): each partition is many
 * blocks of one batch each, in batch order, which a round reads one by one, keeping only the batches it
 * trains. Partition {@code w} holds {@code batchesPerWorker[w]} batches; the visiting order and so the
 * result are those of {@link ExampleRoundTask} over the same batches held in memory.
 */
public record DiskExampleRoundTask(TrainingSpec spec, int maxBatches, int[] batchesPerWorker) implements RoundTask<BatchSet> {

    @Override public int batchesPerEpoch(int epoch) {
        return maxBatches;
    }

    @Override public RoundResult train(BatchSet partition, RoundStart start, float[] rnnState, DeviceChoice device) {
        return train(partition.partition(), java.util.List.of(partition).iterator(), start, rnnState, device);
    }

    @Override public RoundResult train(int partition, Iterator<BatchSet> blocks, RoundStart start, float[] rnnState,
                                       DeviceChoice device) {
        Iterator<Batch> batches = new Iterator<>() {
            private Iterator<Batch> current = java.util.Collections.emptyIterator();

            @Override public boolean hasNext() {
                while (!current.hasNext() && blocks.hasNext()) {
                    current = blocks.next().batches().iterator();
                }
                return current.hasNext();
            }

            @Override public Batch next() {
                hasNext();
                return current.next();
            }
        };
        return ExampleTrainer.trainRound(spec, partition, batchesPerWorker[partition], batches, start, device);
    }
}
