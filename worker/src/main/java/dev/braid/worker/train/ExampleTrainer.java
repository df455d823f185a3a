package dev.braid.worker.train;

import dev.braid.worker.data.BatchSource;
import dev.braid.worker.data.BatchSet;
import dev.braid.worker.kernel.DeviceChoice;
import dev.braid.worker.model.Batch;

/** Trains one partition's round of example batches (in the epoch's seeded order) with the thread's cached loop. */
public final class ExampleTrainer {
    private ExampleTrainer() {
    }

    public static RoundResult trainRound(TrainingSpec spec, BatchSet set, RoundStart start, DeviceChoice device) {
        BatchSource<Batch> source = new BatchSource<>() {
            private int epoch = -1;
            private int[] order;

            @Override public int batchesPerEpoch(int e) {
                return set.batches().size();
            }

            @Override public Batch batch(int e, int index) {
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
        return device.run(() -> LoopCache.loop(spec, device).run(set.partition(), start, new float[0], source));
    }
}
