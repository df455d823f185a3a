package dev.braid.worker.train;

import dev.braid.worker.data.BatchSource;
import dev.braid.worker.data.BatchSet;
import dev.braid.worker.kernel.DeviceChoice;
import dev.braid.worker.model.Seq2SeqBatch;

/** Trains one partition's round of seq2seq batches (in the epoch's seeded order) with the thread's cached loop. */
public final class Seq2SeqTrainer {
    private Seq2SeqTrainer() {
    }

    public static RoundResult trainRound(Seq2SeqTrainingSpec spec, BatchSet set, RoundStart start, DeviceChoice device) {
        BatchSource<Seq2SeqBatch> source = new BatchSource<>() {
            private int epoch = -1;
            private int[] order;

            @Override public int batchesPerEpoch(int e) {
                return set.batches().size();
            }

            @Override public Seq2SeqBatch batch(int e, int index) {
                if (e != epoch) {
                    order = set.order(spec.seed(), e);
                    epoch = e;
                }
                return set.batches().get(order[index]);
            }

            @Override public int rows() {
                return 0;
            }
        };
        return device.run(() -> LoopCache.<Seq2SeqBatch>loop(spec.model(), spec.placement(), device, spec.optimizer(), false,
                spec.blasThreads()).run(set.partition(), start, new float[0], source));
    }
}
