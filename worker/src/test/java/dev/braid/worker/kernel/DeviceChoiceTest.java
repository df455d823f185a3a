package dev.braid.worker.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The device picker over made-up task resources (local Spark does not schedule GPUs). */
class DeviceChoiceTest {
    private static final Map<String, List<String>> NONE = Map.of();

    @Test
    void aTaskWithAGpuUsesItsAddress() {
        DeviceChoice c = DeviceChoice.pick(DeviceChoice.Mode.AUTO, Map.of("gpu", List.of("3")), 4, "");
        assertThat(c.cuda()).isTrue();
        assertThat(c.device()).isEqualTo(3);
        assertThat(c.shared()).isFalse();
    }

    @Test
    void anEmbeddedSparkSharesTheMachinesGpuOneTaskAtATime() {
        DeviceChoice c = DeviceChoice.pick(DeviceChoice.Mode.CUDA, NONE, 1, "");
        assertThat(c.cuda()).isTrue();
        assertThat(c.device()).isZero();
        assertThat(c.shared()).isTrue();
        assertThat(c.run(() -> 42)).isEqualTo(42);
    }

    @Test
    void autoFallsBackToTheCpuAndSaysWhy() {
        DeviceChoice c = DeviceChoice.pick(DeviceChoice.Mode.AUTO, Map.of("gpu", List.of("0")), 0, "no CUDA device: no driver");
        assertThat(c.cuda()).isFalse();
        assertThat(c.reason()).isEqualTo("Spark gave this task GPU [0], but no CUDA device: no driver");
    }

    @Test
    void cudaWithoutAGpuIsAnError() {
        assertThatThrownBy(() -> DeviceChoice.pick(DeviceChoice.Mode.CUDA, NONE, 0, "no CUDA device on this machine"))
                .hasMessageContaining("worker.device = cuda, but no CUDA device on this machine")
                .hasMessageContaining("worker.device = auto");
    }

    @Test
    void cpuIsCpuWhateverTheTaskHas() {
        DeviceChoice c = DeviceChoice.pick(DeviceChoice.Mode.CPU, Map.of("gpu", List.of("1")), 2, "");
        assertThat(c.cuda()).isFalse();
        assertThat(c.kernels()).isInstanceOf(VectorKernels.class);
    }

    @Test
    void anAddressTheMachineDoesNotHaveOrThatIsNotAnIndexIsAnError() {
        assertThatThrownBy(() -> DeviceChoice.pick(DeviceChoice.Mode.AUTO, Map.of("gpu", List.of("5")), 2, ""))
                .hasMessageContaining("GPU 5 but this machine has 2");
        assertThatThrownBy(() -> DeviceChoice.pick(DeviceChoice.Mode.AUTO, Map.of("gpu", List.of("GPU-8f2a")), 2, ""))
                .hasMessageContaining("'GPU-8f2a' is not a device index");
    }
}
