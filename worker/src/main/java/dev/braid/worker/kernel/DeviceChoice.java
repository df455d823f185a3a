package dev.braid.worker.kernel;

import java.util.List;
import java.util.Map;

/**
 * Where a task computes: {@code worker.device} ({@code auto}, {@code cpu} or {@code cuda}) against what
 * the task and the machine have. A task Spark gave GPUs ({@code TaskContext} resources, name
 * {@code gpu}) uses its first address; a task without (an embedded Spark on a machine with a GPU) uses
 * device 0, one task at a time. {@code auto} falls back to the CPU and says why; {@code cuda} without a
 * usable GPU is an error.
 */
public record DeviceChoice(boolean cuda, int device, boolean shared, String reason) {

    public enum Mode { AUTO, CPU, CUDA }

    public static DeviceChoice cpu(String reason) {
        return new DeviceChoice(false, -1, false, reason);
    }

    /**
     * The choice for {@code mode} given the task's {@code resources} (name to addresses) and this
     * machine's {@code cudaDevices} ({@code unavailable} says why there are none).
     */
    public static DeviceChoice pick(Mode mode, Map<String, List<String>> resources, int cudaDevices, String unavailable) {
        if (mode == Mode.CPU) {
            return cpu("worker.device = cpu");
        }
        List<String> gpus = resources.get("gpu");
        boolean scheduled = gpus != null && !gpus.isEmpty();
        if (cudaDevices <= 0) {
            String why = (scheduled ? "Spark gave this task GPU " + gpus + ", but " : "") + unavailable;
            if (mode == Mode.CUDA) {
                throw new IllegalStateException("worker.device = cuda, but " + why
                        + "; use worker.device = auto (or cpu) to train on the CPU");
            }
            return cpu(why);
        }
        if (scheduled) {
            int address = parse(gpus.get(0));
            if (address >= cudaDevices) {
                throw new IllegalStateException("Spark gave this task GPU " + address + " but this machine has "
                        + cudaDevices + " CUDA device(s): check the executors' GPU discovery script");
            }
            return new DeviceChoice(true, address, false, "GPU " + address + " from the task's resources");
        }
        return new DeviceChoice(true, 0, true, "GPU 0 of this machine (no GPU resources scheduled: one task at a time)");
    }

    private static int parse(String address) {
        try {
            return Integer.parseInt(address.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("GPU address '" + address + "' is not a device index: the executors' GPU "
                    + "discovery script must report CUDA device indices");
        }
    }

    /** The kernels of this choice (a new instance: kernels hold per-thread scratch). */
    public Kernels kernels() {
        return cuda ? new CudaKernels(device) : Precision.FLOAT.newKernels();
    }

    /** The choice for {@code mode} on this machine, for a task with {@code resources}. */
    public static DeviceChoice here(Mode mode, Map<String, List<String>> resources) {
        if (mode == Mode.CPU) {
            return cpu("worker.device = cpu");
        }
        return pick(mode, resources, CudaKernels.devices(), CudaKernels.unavailableReason());
    }

    private static final Object[] LOCKS = new Object[64];
    private static final java.util.Set<String> LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new Object();
        }
    }

    /**
     * Runs {@code work} on this choice's device: one task at a time on a GPU that Spark did not schedule
     * (tasks of an embedded Spark share the machine's GPU); says once per process where tasks compute.
     */
    public <T> T run(java.util.function.Supplier<T> work) {
        if (LOGGED.add(toString())) {
            org.slf4j.LoggerFactory.getLogger(DeviceChoice.class).info(cuda
                    ? "Braid worker computes on CUDA device " + device + ": " + reason
                    : "Braid worker computes on the CPU: " + reason);
        }
        if (!shared) {
            return work.get();
        }
        synchronized (LOCKS[device % LOCKS.length]) {
            return work.get();
        }
    }
}
