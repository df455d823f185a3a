package dev.braid.driver.run;

import dev.braid.driver.data.Seq2SeqBatcher;
import dev.braid.driver.train.TrainState;
import dev.braid.worker.model.StackModel;

/**
 * The elastic resume of an encoder-decoder's batches: the same token-budget batches, dealt (largest first)
 * to this run's number of workers. Batches carry no state, so only the epoch's cursor moves: a run stopped
 * after {@code n} of each worker's {@code N} batches goes on after {@code round(n N' / N)} of {@code N'}, the
 * same share of the epoch; in that epoch some batches may be trained twice or not at all, as the workers'
 * shares differ from the checkpoint's. From the next epoch on every batch is trained once per epoch again.
 */
public record BatchDealing(Seq2SeqBatcher.Batched batched) implements Elastic {

    @Override public String fingerprintAs(int workers) {
        return batched.fingerprintAs(workers);
    }

    @Override public TrainState redeal(TrainState checkpoint, int workers, StackModel model) {
        int before = batched.maxBatchesAs(checkpoint.partitions());
        int after = batched.maxBatches();
        float[][] none = new float[workers][];
        java.util.Arrays.fill(none, new float[0]);
        int next = before == 0 ? 0 : (int) Math.round((double) checkpoint.nextBatch() * after / before);
        // a cursor at the very end would make a round of no batches: the epoch's last batch is trained again
        return checkpoint.dealtTo(none, Math.max(0, Math.min(next, after - 1)));
    }
}
