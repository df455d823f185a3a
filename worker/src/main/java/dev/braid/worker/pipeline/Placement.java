package dev.braid.worker.pipeline;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model is split: {@code stages} lists each stage's layers (by the names the model spec gives
 * its layers, in model order), {@code devices} the device each stage is bound to (an index into the
 * task's devices), {@code microBatches} how many pieces each minibatch is cut into (rows, or time
 * chunks for the wavefront schedule). No stages, or one: the model is not split.
 */
public record Placement(List<List<String>> stages, List<Integer> devices, int microBatches, Schedule schedule)
        implements Serializable {

    public Placement {
        stages = stages.stream().map(List::copyOf).toList();
        devices = List.copyOf(devices);
        if (microBatches < 1) {
            throw new IllegalArgumentException("placement.microBatches = " + microBatches + ": must be >= 1");
        }
    }

    /** No split: the model runs whole on one device. */
    public static Placement none() {
        return new Placement(List.of(), List.of(), 1, Schedule.GPIPE);
    }

    public boolean pipelined() {
        return stages.size() > 1;
    }

    /**
     * The first layer index of each stage in {@code layers} (the model's layers in order), after
     * checking that the stages cover every layer once, in order, and that each stage has a device of
     * its own among the {@code devicesPresent} a task gets.
     */
    public int[] boundaries(List<String> layers, int devicesPresent) {
        Map<String, Integer> stageOf = new HashMap<>();
        int[] starts = new int[stages.size()];
        int next = 0;
        for (int s = 0; s < stages.size(); s++) {
            List<String> stage = stages.get(s);
            if (stage.isEmpty()) {
                throw new IllegalArgumentException("placement.stages: stage " + s + " is empty; every stage needs at "
                        + "least one layer of " + layers);
            }
            for (int i = 0; i < stage.size(); i++) {
                String layer = stage.get(i);
                int index = layers.indexOf(layer);
                if (index < 0) {
                    throw new IllegalArgumentException("placement.stages: layer '" + layer + "' (stage " + s
                            + ") is not a layer of this model; its layers, in order, are " + layers);
                }
                Integer earlier = stageOf.put(layer, s);
                if (earlier != null) {
                    throw new IllegalArgumentException("placement.stages: layer '" + layer + "' is placed twice (stage "
                            + earlier + " and stage " + s + "); place each layer in exactly one stage");
                }
                if (index != next) {
                    String expected = next < layers.size() ? "'" + layers.get(next) + "'" : "nothing";
                    throw new IllegalArgumentException("placement.stages: stage " + s + " holds '" + layer + "' where "
                            + expected + " comes next; stages hold consecutive layers in model order, for example "
                            + example(layers));
                }
                if (i == 0) {
                    starts[s] = index;
                }
                next++;
            }
        }
        if (next < layers.size()) {
            throw new IllegalArgumentException("placement.stages: layer '" + layers.get(next) + "' is in no stage; "
                    + "the stages must place every layer of " + layers);
        }
        checkDevices(devicesPresent);
        return starts;
    }

    private void checkDevices(int devicesPresent) {
        if (devices.size() < stages.size()) {
            throw new IllegalArgumentException("placement.stages has " + stages.size() + " stages but placement.devices "
                    + "lists " + devices.size() + " device(s) " + devices + "; give each stage a device, e.g. devices = "
                    + range(stages.size()));
        }
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int s = 0; s < stages.size(); s++) {
            int d = devices.get(s);
            if (d < 0 || d >= devicesPresent) {
                throw new IllegalArgumentException("placement.devices: device " + d + " (stage " + s + ") is not present: "
                        + "a task of this run gets " + devicesPresent + " device(s), numbered 0.." + (devicesPresent - 1)
                        + "; use indices in that range, or give tasks more devices");
            }
            if (!used.add(d)) {
                throw new IllegalArgumentException("placement.devices: device " + d + " is given to two stages; each "
                        + "stage needs a device of its own, e.g. devices = " + range(stages.size()));
            }
        }
    }

    private static List<Integer> range(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList();
    }

    private static String example(List<String> layers) {
        int half = layers.size() / 2;
        return "[" + layers.subList(0, half) + ", " + layers.subList(half, layers.size()) + "]";
    }
}
