package dev.braid.driver.run;

import dev.braid.driver.data.StreamSharder;
import dev.braid.driver.train.TrainState;
import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.StateRows;
import org.apache.spark.api.java.JavaRDD;

/**
 * The elastic resume of consecutive streams: a run of {@code W x B} streams continues as {@code W' x B'}
 * with {@code W' B' = W B} (the config says both). Every stream is the same corpus slice, so the epoch
 * cursor holds as it is, and each stream's carried state moves with it to its new partition and row.
 */
public record StreamDealing(JavaRDD<StreamBlock> blocks, int rows) implements Elastic {

    @Override public String fingerprintAs(int workers) {
        return Prepared.combine(StreamSharder.fingerprintsAs(blocks, workers));
    }

    @Override public TrainState redeal(TrainState checkpoint, int workers, StackModel model) {
        long streams = (long) workers * rows;
        int before = checkpoint.partitions();
        return checkpoint.dealtTo(StateRows.regroup(model.stateShapes(), checkpoint.rnnStates(), (int) (streams / before),
                rows));
    }
}
