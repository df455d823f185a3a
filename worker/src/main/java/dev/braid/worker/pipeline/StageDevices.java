package dev.braid.worker.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The device each stage of a task's pipeline runs on, from the resources Spark gave the task: on GPU
 * executors the addresses of its {@code gpu} resource ({@code TaskContext.resources()}), indexed by
 * {@code placement.devices}; otherwise its cores, where a stage's device is a thread of its own.
 */
public record StageDevices(List<String> devices) {

    /**
     * What a task of {@code placement} runs on, given its resources (name to addresses). GPU addresses
     * must cover every stage's device; cores are not counted here (a stage thread on a shared core is
     * slower, not wrong; the run checks spark.task.cpus before Spark starts).
     */
    public static StageDevices assign(Placement placement, Map<String, List<String>> resources) {
        int stages = Math.max(1, placement.stages().size());
        List<String> gpus = resources.get("gpu");
        List<String> out = new ArrayList<>();
        for (int s = 0; s < stages; s++) {
            int index = placement.pipelined() ? placement.devices().get(s) : 0;
            if (gpus != null && !gpus.isEmpty()) {
                if (index >= gpus.size()) {
                    throw new IllegalStateException("stage " + s + " is placed on the task's device " + index + " but Spark "
                            + "gave this task " + gpus.size() + " GPU(s) " + gpus + "; set spark.task.resource.gpu.amount = "
                            + stages + " (one per stage) or use placement.devices below " + gpus.size());
                }
                out.add("gpu:" + gpus.get(index));
            } else {
                out.add("cpu:" + index);
            }
        }
        return new StageDevices(List.copyOf(out));
    }
}
