package dev.braid.worker.gpucheck;

import dev.braid.worker.kernel.CudaKernels;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.kernel.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GpuCheck OUT_DIR [PYTORCH_FIGURES]}: the checks of this package on CUDA device 0, printed one
 * per line and summed up as {@code N passed, M failed}; the step benchmark (beside PyTorch's figures,
 * when the script measured them: lines {@code hidden batch tokens_per_second}) written to
 * {@code OUT_DIR/gpu-check.md}. Exit status 0 only when every check passed. With
 * {@code -Dbraid.gpucheck.dryRun=true} and no device, the same harness then runs on the CPU as a dry run.
 */
public final class GpuCheck {
    private GpuCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path outDir = Path.of(args.length > 0 ? args[0] : "gpu-check-out");
        Path torch = args.length > 1 ? Path.of(args[1]) : null;
        Files.createDirectories(outDir);
        Path report = outDir.resolve("gpu-check.md");
        StringBuilder md = new StringBuilder("# Braid GPU check\n\n");
        if (CudaKernels.devices() == 0) {
            String msg = "no usable CUDA device: " + CudaKernels.unavailableReason();
            System.out.println(msg + "\n0 passed, 1 failed");
            md.append(msg).append("\n\n0 passed, 1 failed\n");
            Files.writeString(report, md);
            if (Boolean.getBoolean("braid.gpucheck.dryRun")) {
                dryRun(md, report);
            }
            System.exit(1);
        }
        CudaKernels probe = new CudaKernels(0);
        md.append("Device: ").append(probe.describe()).append("; Java ").append(System.getProperty("java.version"))
                .append(".\n\n");
        boolean passed = checks(probe, () -> new CudaKernels(0), Precision.FLOAT.newKernels(),
                Precision.FLOAT::newKernels, true, md, report);
        benchmark(torch, md, report, () -> new CudaKernels(0), new int[] {512, 1024}, new int[] {64, 128});
        System.out.println(summary);
        System.exit(passed ? 0 : 1);
    }

    private static String summary = "";

    /**
     * Where no GPU answers ({@code BRAID_GPU_CHECK_DRY_RUN=1}): the same checks and a small benchmark with the
     * CPU's float kernels in the device's place and the double reference in the CPU's, appended to the report
     * under a heading that says so: the pack, its runtime and the harness proven before device minutes are
     * spent. The exit status stays 1: no GPU was checked.
     */
    private static void dryRun(StringBuilder md, Path report) throws IOException {
        md.append("\n## Dry run on the CPU (not a GPU result)\n\nThe float CPU kernels in the device's place, the "
                + "double reference kernels in the CPU's; Java ").append(System.getProperty("java.version"))
                .append(".\n\n");
        boolean passed = checks(Precision.FLOAT.newKernels(), Precision.FLOAT::newKernels, Precision.DOUBLE.newKernels(),
                Precision.DOUBLE::newKernels, false, md, report);
        benchmark(null, md, report, Precision.FLOAT::newKernels, new int[] {64}, new int[] {8});
        System.out.println("dry run: " + summary + (passed ? "" : " (a check failed on the CPU: the harness is wrong)"));
    }

    /** Every kernel and model check of {@code device} against {@code reference}, into the report; all passed? */
    private static boolean checks(Kernels device, java.util.function.Supplier<Kernels> devices, Kernels reference,
                                  java.util.function.Supplier<Kernels> references, boolean onDevice, StringBuilder md,
                                  Path report) throws IOException {
        List<KernelChecks.Result> results = new ArrayList<>();
        results.addAll(new KernelChecks(device, reference).runAll());
        results.addAll(new ModelChecks(devices, references, onDevice).runAll());
        int passed = 0;
        md.append("| check | max relative error | result |\n|---|---|---|\n");
        for (KernelChecks.Result r : results) {
            passed += r.passed() ? 1 : 0;
            String line = String.format(Locale.ROOT, "%s %s (max error %.2e)", r.passed() ? "PASS" : "FAIL", r.name(),
                    r.maxError());
            System.out.println(line);
            md.append(String.format(Locale.ROOT, "| %s | %.2e | %s |%n", r.name(), r.maxError(), r.passed() ? "pass" : "FAIL"));
        }
        summary = passed + " passed, " + (results.size() - passed) + " failed";
        md.append('\n').append(summary).append("\n\n");
        // written before the benchmark and after each of its configurations: a timeout or a crash in the
        // benchmark keeps every check's result and the figures measured so far
        Files.writeString(report, md);
        System.out.println(summary);
        return passed == results.size();
    }

    /** The step benchmark's table appended to {@code md}, the report rewritten after every configuration. */
    private static void benchmark(Path torchFigures, StringBuilder md, Path report,
                                  java.util.function.Supplier<Kernels> kernels, int[] hiddens, int[] batches)
            throws IOException {
        Map<String, Double> torch = new TreeMap<>();
        if (torchFigures != null && Files.isRegularFile(torchFigures)) {
            for (String line : Files.readAllLines(torchFigures)) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3) {
                    torch.put(f[0] + "x" + f[1], Double.parseDouble(f[2]));
                }
            }
        }
        md.append("## Training step, 2-layer LSTM, T = " + StepBenchmark.T
                + ", embedding 64, 64 classes, Adam (fwd + bwd + update)\n\n"
                + "| H | B | Braid tokens/s | PyTorch cuDNN tokens/s | Braid / PyTorch |\n|---|---|---|---|---|\n");
        for (int h : hiddens) {
            for (int b : batches) {
                String row;
                try {
                    StepBenchmark.Figure f = StepBenchmark.run(kernels, h, b);
                    Double t = torch.get(h + "x" + b);
                    row = String.format(Locale.ROOT, "| %d | %d | %,.0f | %s | %s |", h, b, f.tokensPerSecond(),
                            t == null ? "—" : String.format(Locale.ROOT, "%,.0f", t),
                            t == null ? "—" : String.format(Locale.ROOT, "%.2fx", f.tokensPerSecond() / t));
                } catch (RuntimeException | Error e) {
                    row = String.format(Locale.ROOT, "| %d | %d | failed: %s | | |", h, b, e);
                }
                System.out.println("BENCH " + row);
                md.append(row).append('\n');
                Files.writeString(report, md);
            }
        }
    }
}
