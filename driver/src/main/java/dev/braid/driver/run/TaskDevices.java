package dev.braid.driver.run;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.SparkConfig;
import dev.braid.worker.model.Pipelines;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The devices each training task gets, and the Spark settings that give them. A task that runs a
 * K-stage pipeline asks Spark for K of them: K cores ({@code spark.task.cpus}) on the CPU, where each
 * stage is a thread of its own, or the GPUs of {@code spark.task.resource.gpu.amount} on GPU executors.
 */
public final class TaskDevices {
    static final String TASK_CPUS = "spark.task.cpus";
    static final String TASK_GPUS = "spark.task.resource.gpu.amount";
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?])?");

    private TaskDevices() {
    }

    /** {@code cfg.spark()} with {@code spark.task.cpus} raised to the devices a pipelined task needs (unless set). */
    public static SparkConfig sparkConfig(BraidConfig cfg) {
        SparkConfig spark = cfg.spark();
        if (!cfg.placement().pipelined() || spark.properties().containsKey(TASK_CPUS)) {
            return spark;
        }
        Map<String, String> props = new LinkedHashMap<>(spark.properties());
        props.put(TASK_CPUS, Integer.toString(cfg.placement().devicesNeeded()));
        return new SparkConfig(spark.master(), spark.appName(), spark.ui(), Map.copyOf(props));
    }

    /** The devices a task of this run gets: its GPUs when executors have them, else its cores. */
    static int perTask(BraidConfig cfg) {
        Map<String, String> props = sparkConfig(cfg).properties();
        String gpus = props.get(TASK_GPUS);
        String key = gpus != null ? TASK_GPUS : TASK_CPUS;
        String value = gpus != null ? gpus : props.getOrDefault(TASK_CPUS, "1");
        try {
            return (int) Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new UserError("spark.properties: " + key + " = \"" + value + "\" is not a number; set it to the devices "
                    + "each task gets, e.g. " + cfg.placement().devicesNeeded() + ".");
        }
    }

    /**
     * Before Spark starts: an embedded Spark asked to compute on a GPU has one; the placement names the model's {@code layers} in order and devices a task
     * gets, and an embedded Spark has the cores a pipelined task asks for (else no task would start).
     */
    static void check(BraidConfig cfg, dev.braid.worker.model.ModelSpec.Units layers) {
        if (cfg.placement().pipelined() && cfg.worker().device() == dev.braid.worker.kernel.DeviceChoice.Mode.CUDA) {
            throw new UserError("placement.stages splits the model into pipeline stages, which run as CPU threads; "
                    + "worker.device = cuda trains on a GPU, where stages would need per-stage parameter buffers (not "
                    + "built yet). Set worker.device = cpu (or auto) for a pipeline, or placement.stages = [] for the GPU.");
        }
        if (cfg.worker().device() == dev.braid.worker.kernel.DeviceChoice.Mode.CUDA && localCores(cfg.spark().master()) > 0
                && dev.braid.worker.kernel.CudaKernels.devices() == 0) {
            throw new UserError("worker.device = cuda, but the embedded Spark's tasks would find "
                    + dev.braid.worker.kernel.CudaKernels.unavailableReason() + ". Use worker.device = auto (or cpu) "
                    + "to train on the CPU.");
        }
        List<List<String>> stages = cfg.placement().stages();
        if (stages.size() == 1 && !stages.get(0).equals(layers.names())) {
            // one stage runs the whole model as it is; a list that is not the model's layers is a typo, not a choice
            throw new UserError("placement.stages = " + stages + " is one stage, which must name every layer of the model "
                    + "in order: " + layers.names() + ". Set placement.stages = [] (no pipeline), or split the layers "
                    + "into two or more stages.");
        }
        if (!cfg.placement().pipelined()) {
            return;
        }
        int devices = perTask(cfg);
        try {
            Pipelines.check(layers, cfg.placement().toPlacement(), devices);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage() + ".");
        }
        int cpus = Integer.parseInt(sparkConfig(cfg).properties().get(TASK_CPUS).trim());
        int cores = localCores(cfg.spark().master());
        if (cores > 0 && cores < cpus) {
            throw new UserError("spark.master = " + cfg.spark().master() + " has " + cores + " core(s), but each task of "
                    + "this " + cfg.placement().stages().size() + "-stage pipeline asks for " + cpus + " (spark.task.cpus): "
                    + "no task could start. Use spark.master = local[" + cpus + "] or more, or fewer stages.");
        }
    }

    /** The cores of an embedded master ({@code local}, {@code local[N]}, {@code local[*]}); 0 for a cluster. */
    static int localCores(String master) {
        Matcher m = LOCAL.matcher(master.trim());
        if (!m.matches()) {
            return 0;
        }
        if (m.group(1) == null) {
            return 1;
        }
        return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
    }
}
