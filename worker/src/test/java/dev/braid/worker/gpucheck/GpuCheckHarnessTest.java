package dev.braid.worker.gpucheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.worker.kernel.Precision;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checks scripts/gpu-check runs on the GPU, run here with the float CPU kernels in the GPU's place
 * and the double reference kernels in the CPU's: every check must pass (they compare float against
 * double arithmetic, as the GPU's against the CPU's), so a failure on the GPU machine is the device's.
 */
class GpuCheckHarnessTest {

    @Test
    void everyKernelCheckPassesFloatAgainstDouble() {
        List<KernelChecks.Result> results = new KernelChecks(Precision.FLOAT.newKernels(), Precision.DOUBLE.newKernels())
                .runAll();
        assertThat(results).hasSizeGreaterThan(30);
        assertThat(results).allSatisfy(r -> assertThat(r.passed()).as(r.name() + " " + r.maxError()).isTrue());
    }

    @Test
    void everyModelCheckPassesFloatAgainstDouble() {
        List<KernelChecks.Result> results = new ModelChecks(Precision.FLOAT::newKernels, Precision.DOUBLE::newKernels).runAll();
        // finite differences for 3 cells, 2 encoder-decoders, every stack case, 4 language models
        assertThat(results).hasSize(3 + 2 + LayerCases.stacks().size() + 4);
        assertThat(results).allSatisfy(r -> assertThat(r.passed()).as(r.name() + " " + r.maxError()).isTrue());
    }

    /** Where the machine has a GPU (and Java): the same checks on it; skipped elsewhere. */
    @Test
    void onAGpuEveryCheckPasses() {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.braid.worker.kernel.CudaKernels.devices() > 0,
                "no usable CUDA device: " + dev.braid.worker.kernel.CudaKernels.unavailableReason());
        List<KernelChecks.Result> results = new KernelChecks(new dev.braid.worker.kernel.CudaKernels(0),
                Precision.FLOAT.newKernels()).runAll();
        results.addAll(new ModelChecks(() -> new dev.braid.worker.kernel.CudaKernels(0), Precision.FLOAT::newKernels, true).runAll());
        assertThat(results).allSatisfy(r -> assertThat(r.passed()).as(r.name() + " " + r.maxError()).isTrue());
    }

    @Test
    void theStepBenchmarkTimesATrainingStep() {
        StepBenchmark.Figure f = StepBenchmark.run(Precision.FLOAT::newKernels, 16, 4);
        assertThat(f.seconds()).isPositive();
        assertThat(f.tokensPerSecond()).isEqualTo(4 * StepBenchmark.T / f.seconds());
    }

    @Test
    void aWrongKernelFails() {
        List<KernelChecks.Result> results = new KernelChecks(new Halving(), Precision.DOUBLE.newKernels()).runAll();
        assertThat(results).filteredOn(r -> r.name().equals("scale")).singleElement()
                .satisfies(r -> assertThat(r.passed()).isFalse());
    }

    /** Float kernels whose scale is wrong by a factor of 2. */
    private static final class Halving extends ForwardingKernels {
        Halving() {
            super(Precision.FLOAT.newKernels());
        }

        @Override public void scale(dev.braid.worker.kernel.Buf x, int off, int n, double s) {
            super.scale(x, off, n, s / 2);
        }
    }
}
