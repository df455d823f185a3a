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
 * {@code OUT_DIR/gpu-check.md}. Exit status 0 only when every check passed.
 */
public final class GpuCheck {
    private GpuCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path outDir = Path.of(args.length > 0 ? args[0] : "gpu-check-out");
        Files.createDirectories(outDir);
        StringBuilder md = new StringBuilder("# Braid GPU check\n\n");
        if (CudaKernels.devices() == 0) {
            String msg = "no usable CUDA device: " + CudaKernels.unavailableReason();
            System.out.println(msg + "\n0 passed, 1 failed");
            Files.writeString(outDir.resolve("gpu-check.md"), md + msg + "\n");
            System.exit(1);
        }
        CudaKernels probe = new CudaKernels(0);
        md.append("Device: ").append(probe.describe()).append("; Java ").append(System.getProperty("java.version"))
                .append(".\n\n");
        List<KernelChecks.Result> results = new ArrayList<>();
        results.addAll(new KernelChecks(probe, Precision.FLOAT.newKernels()).runAll());
        results.addAll(new ModelChecks(() -> new CudaKernels(0), Precision.FLOAT::newKernels, true).runAll());
        int passed = 0;
        md.append("| check | max relative error | result |\n|---|---|---|\n");
        for (KernelChecks.Result r : results) {
            passed += r.passed() ? 1 : 0;
            String line = String.format(Locale.ROOT, "%s %s (max error %.2e)", r.passed() ? "PASS" : "FAIL", r.name(),
                    r.maxError());
            System.out.println(line);
            md.append(String.format(Locale.ROOT, "| %s | %.2e | %s |%n", r.name(), r.maxError(), r.passed() ? "pass" : "FAIL"));
        }
        String summary = passed + " passed, " + (results.size() - passed) + " failed";
        md.append('\n').append(summary).append("\n\n");
        // written before the benchmark and after each of its configurations: a timeout or a crash in the
        // benchmark keeps every check's result and the figures measured so far
        Path report = outDir.resolve("gpu-check.md");
        Files.writeString(report, md);
        System.out.println(summary);
        benchmark(args.length > 1 ? Path.of(args[1]) : null, md, report);
        System.out.println(summary);
        System.exit(passed == results.size() ? 0 : 1);
    }

    /** The step benchmark's table appended to {@code md}, the report rewritten after every configuration. */
    private static void benchmark(Path torchFigures, StringBuilder md, Path report) throws IOException {
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
        for (int h : new int[] {512, 1024}) {
            for (int b : new int[] {64, 128}) {
                String row;
                try {
                    StepBenchmark.Figure f = StepBenchmark.run(() -> new CudaKernels(0), h, b);
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
