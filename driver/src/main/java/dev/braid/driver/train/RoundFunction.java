package dev.braid.driver.train;

import dev.braid.worker.pipeline.StageDevices;
import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.broadcast.Broadcast;

/** Spark adapter: zips a partition's cached data with its incoming RNN state and trains one round. */
final class RoundFunction<D> implements FlatMapFunction2<Iterator<D>, Iterator<float[]>, RoundResult> {
    private final RoundTask<D> task;
    private final Broadcast<RoundStart> start;

    RoundFunction(RoundTask<D> task, Broadcast<RoundStart> start) {
        this.task = task;
        this.start = start;
    }

    @Override public Iterator<RoundResult> call(Iterator<D> data, Iterator<float[]> states) {
        if (task.placement().pipelined()) {
            checkDevices();
        }
        D partition = data.next();
        float[] state = states.hasNext() ? states.next() : new float[0];
        return List.of(task.train(partition, start.value(), state)).iterator();
    }

    /** A pipelined task has a device per stage among those Spark gave it (GPU addresses, or cores). */
    private void checkDevices() {
        org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
        if (tc == null) {
            return;
        }
        java.util.Map<String, List<String>> resources = new java.util.HashMap<>();
        tc.resourcesJMap().forEach((name, info) -> resources.put(name, List.of(info.addresses())));
        StageDevices.assign(task.placement(), resources);
    }
}
