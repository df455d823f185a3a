package dev.braid.driver.train;

import dev.braid.worker.kernel.DeviceChoice;
import dev.braid.worker.pipeline.StageDevices;
import dev.braid.worker.train.RoundResult;
import dev.braid.worker.train.RoundStart;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.broadcast.Broadcast;

/** Spark adapter: zips a partition's cached data with its incoming RNN state and trains one round. */
final class RoundFunction<D> implements FlatMapFunction2<Iterator<D>, Iterator<float[]>, RoundResult> {
    private final RoundTask<D> task;
    private final Broadcast<RoundStart> start;
    /** The round's number in {@link InProcessRounds} (a local master), else -1: the start is broadcast. */
    private final long inProcess;

    RoundFunction(RoundTask<D> task, Broadcast<RoundStart> start) {
        this.task = task;
        this.start = start;
        this.inProcess = -1;
    }

    RoundFunction(RoundTask<D> task, long inProcessRound) {
        this.task = task;
        this.start = null;
        this.inProcess = inProcessRound;
    }

    @Override public Iterator<RoundResult> call(Iterator<D> data, Iterator<float[]> states) {
        Map<String, List<String>> resources = resources();
        if (task.placement().pipelined()) {
            StageDevices.assign(task.placement(), resources);
        }
        DeviceChoice device = DeviceChoice.here(task.deviceMode(), resources);
        float[] state = states.hasNext() ? states.next() : new float[0];
        org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
        int partition = tc == null ? 0 : tc.partitionId();
        if (inProcess >= 0) {
            RoundResult r = task.train(partition, data, InProcessRounds.start(inProcess), state, device);
            return List.of(InProcessRounds.leave(inProcess, r)).iterator();
        }
        return List.of(task.train(partition, data, start.value(), state, device)).iterator();
    }

    /** The task's resources by name (GPU addresses on GPU executors); empty outside a task. */
    private static Map<String, List<String>> resources() {
        org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
        Map<String, List<String>> out = new HashMap<>();
        if (tc != null) {
            tc.resourcesJMap().forEach((name, info) -> out.put(name, List.of(info.addresses())));
        }
        return out;
    }
}
