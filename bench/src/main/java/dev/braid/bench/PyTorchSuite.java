package dev.braid.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The same step in PyTorch on the same cores ({@code bench/pytorch_step.py}), where Debian's
 * python3-torch is installed (with libopenblas0-pthread); skipped with a message otherwise. The
 * timings are taken by the step suite, in alternation with Braid's; this reports them.
 */
final class PyTorchSuite {
    private final Path script;

    PyTorchSuite(Path script) {
        this.script = script;
    }

    Section report(Section step) throws InterruptedException {
        List<String> md = new ArrayList<>();
        if (step == null || !available()) {
            md.add(step == null ? "Skipped: run together with the step suite, which takes the timings in alternation."
                    : "Skipped: `" + python() + " -c 'import torch'` failed here. Install Debian's python3-torch and "
                    + "libopenblas0-pthread to run this suite.");
            return new Section("pytorch", "PyTorch on the same step", md, Map.of("skipped", true));
        }
        md.add("| H | B | PyTorch ms/step | Braid ms/step | Braid / PyTorch speed |");
        md.add("|---|---|---|---|---|");
        List<Map<String, Object>> rows = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> braid = (List<Map<String, Object>>) step.data().get("rows");
        for (Map<String, Object> r : braid) {
            {
                int h = (int) r.get("hidden");
                int b = (int) r.get("batch");
                double torch = (double) r.get("pytorchSeconds");
                double ours = (double) r.get("braidSeconds");
                md.add(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.2fx |", h, b, torch * 1e3, ours * 1e3, torch / ours));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("hidden", h);
                row.put("batch", b);
                row.put("pytorchSeconds", torch);
                row.put("braidSeconds", ours);
                rows.add(row);
            }
        }
        return new Section("pytorch", "PyTorch on the same step (same cores, OMP_WAIT_POLICY=PASSIVE, GOMP_SPINCOUNT=0)",
                md, Map.of("rows", rows));
    }

    /** Debian's python3-torch lives under the system interpreter, which a pyenv python3 on the PATH hides. */
    static String python() {
        return java.nio.file.Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    boolean available() throws InterruptedException {
        try {
            return new ProcessBuilder(python(), "-c", "import torch").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    double torchStep(int h, int b) throws IOException, InterruptedException {
        return medianSeconds(List.of(script.toString(), "--hidden", "" + h, "--batch", "" + b, "--steps", "" + StepSuite.T,
                "--input", "" + StepSuite.N_IN, "--classes", "" + StepSuite.V, "--threads",
                "" + Runtime.getRuntime().availableProcessors()), Map.of());
    }

    /**
     * Runs one of the PyTorch peers' scripts ({@code args}: the script and its options) with OpenMP's passive
     * wait and {@code env} added; the {@code median_seconds} of the JSON line it printed last.
     */
    static double medianSeconds(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(python());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("GOMP_SPINCOUNT", "0");
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException(Path.of(args.get(0)).getFileName() + " failed: " + out);
        }
        String last = out.lines().reduce((a, c) -> c).orElse("");
        return Double.parseDouble(last.replaceAll(".*\"median_seconds\": *([0-9.eE-]+).*", "$1"));
    }
}
