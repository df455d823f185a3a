package dev.braid.driver.train;

import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import dev.braid.worker.train.StreamTrainer;
import dev.braid.worker.train.StreamTrainingSpec;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.broadcast.Broadcast;

/** Spark adapter: zips a partition's stream block with its incoming RNN state and trains one round. */
final class RoundFunction implements FlatMapFunction2<Iterator<StreamBlock>, Iterator<float[]>, RoundResult> {
    private final StreamTrainingSpec spec;
    private final Broadcast<RoundStart> start;

    RoundFunction(StreamTrainingSpec spec, Broadcast<RoundStart> start) {
        this.spec = spec;
        this.start = start;
    }

    @Override public Iterator<RoundResult> call(Iterator<StreamBlock> blocks, Iterator<float[]> states) {
        StreamBlock block = blocks.next();
        float[] state = states.hasNext() ? states.next() : new float[0];
        RoundFaults.maybeFail(block.partition());
        return List.of(StreamTrainer.trainRound(spec, block, start.value(), state)).iterator();
    }
}
