package dev.braid.driver.config;

import dev.braid.worker.pipeline.Placement;
import dev.braid.worker.pipeline.Schedule;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Model-parallel placement inside each task: the model's layers split into {@code stages}, stage s on
 * task device {@code devices[s]} (empty: device s), each minibatch cut into {@code microBatches}
 * pieces and run in {@code schedule}'s order (gpipe, 1f1b or wavefront). No stages or one: the whole
 * model on one device. The layer names and devices are checked against the model before Spark starts.
 */
public record PlacementConfig(List<List<String>> stages, List<Integer> devices, int microBatches, String schedule) {

    public PlacementConfig {
        Check.atLeast("microBatches", microBatches, 1);
        parse(schedule);
    }

    public boolean pipelined() {
        return stages.size() > 1;
    }

    /** The worker's placement: the stages' devices default to 0..K-1. */
    public Placement toPlacement() {
        if (!pipelined()) {
            return Placement.none();
        }
        List<Integer> d = devices.isEmpty() ? IntStream.range(0, stages.size()).boxed().toList() : devices;
        return new Placement(stages, d, microBatches, parse(schedule));
    }

    /**
     * Devices a task of this run asks for unless Spark's settings say otherwise: one per stage (device
     * indices name these; a task given more by spark.task.cpus may use higher ones).
     */
    public int devicesNeeded() {
        return pipelined() ? stages.size() : 1;
    }

    private static Schedule parse(String name) {
        return switch (name) {
            case "gpipe" -> Schedule.GPIPE;
            case "1f1b" -> Schedule.ONE_F_ONE_B;
            case "wavefront" -> Schedule.WAVEFRONT;
            default -> throw new InvalidValue("schedule", name, "must be gpipe, 1f1b or wavefront");
        };
    }
}
