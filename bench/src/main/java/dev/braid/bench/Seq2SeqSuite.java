package dev.braid.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.config.SparkConfig;
import dev.braid.driver.spark.SparkSessions;
import dev.braid.worker.kernel.Precision;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code scripts/bench seq2seq}: the encoder-decoder training step at G2P size and at the translation size
 * ({@link Seq2SeqCase}), Braid against the same model in PyTorch ({@code bench/pytorch_seq2seq.py}, Debian's
 * python3-torch), at 1 thread (an executor's core) and at every core, alternated {@value #REPEATS} times in
 * one run, each Braid timing in a JVM of its own ({@link StepTimer}, as an executor trains one model), each
 * PyTorch one in its own process with its BLAS and OpenMP held to the same threads; then where Braid's step
 * time goes ({@link StepProfile}) and what a Spark round adds to it (idle rounds with the step's payload on
 * local Spark with 2 workers, {@link RoundOverhead}, against the round of the shipped config's averaging period).
 */
final class Seq2SeqSuite {
    static final int REPEATS = 3;
    static final double SECONDS = 15;
    private static final double PROFILE_SECONDS = 36;
    private static final double ROUND_SECONDS = 20;
    /** The shipped configs' training.averagingPeriod: g2p-cmudict.conf 10, translation-en-es.conf 2. */
    private static final Map<String, Integer> PERIOD = Map.of(Seq2SeqCase.G2P.name(), 10,
            Seq2SeqCase.TRANSLATION.name(), 2);

    private final Path root;
    private final PyTorchSuite torch;

    Seq2SeqSuite(Path root, PyTorchSuite torch) {
        this.root = root;
        this.torch = torch;
    }

    Section run() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        boolean withTorch = torch.available();
        List<String> md = new ArrayList<>();
        md.add("| model | threads | Braid ms/step | PyTorch ms/step | Braid target tokens/s | PyTorch target tokens/s "
                + "| Braid / PyTorch speed |");
        md.add("|---|---|---|---|---|---|---|");
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Double> oneThread = new LinkedHashMap<>();
        for (Seq2SeqCase c : Seq2SeqCase.ALL) {
            Path pairs = writePairs(c);
            for (int threads : new TreeSet<>(List.of(1, cores))) {
                double[][] t = new double[2][REPEATS];
                for (int rep = 0; rep < REPEATS; rep++) {
                    // alternated, so that the machine's drift falls on both alike
                    boolean braidFirst = rep % 2 == 0;
                    if (!braidFirst && withTorch) {
                        t[1][rep] = torchStep(pairs, threads);
                    }
                    t[0][rep] = braidStep(c, threads);
                    if (braidFirst && withTorch) {
                        t[1][rep] = torchStep(pairs, threads);
                    }
                    if (!withTorch) {
                        t[1][rep] = Double.NaN;
                    }
                }
                double braid = Stats.median(t[0]);
                double py = Stats.median(t[1]);
                if (threads == 1) {
                    oneThread.put(c.name(), braid);
                }
                int tokens = c.targetTokens();
                md.add(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %,.0f | %,.0f | %.2fx |", c.name(), threads,
                        braid * 1e3, py * 1e3, tokens / braid, tokens / py, py / braid));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("case", c);
                row.put("threads", threads);
                row.put("targetTokensPerStep", tokens);
                row.put("sourceTokensPerStep", c.sourceTokens());
                row.put("braidSeconds", braid);
                row.put("pytorchSeconds", py);
                row.put("braidOverPytorchSpeed", py / braid);
                row.put("samples", t);
                rows.add(row);
            }
            Files.delete(pairs);
        }
        if (!withTorch) {
            md.add("");
            md.add("PyTorch skipped: `" + PyTorchSuite.python() + " -c 'import torch'` failed here (install Debian's "
                    + "python3-torch).");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rows", rows);
        data.put("shortlist", shortlist(md));
        data.put("profile", profile(md));
        data.put("spark", sparkRounds(md, oneThread));
        return new Section("seq2seq", "Encoder-decoder training step against PyTorch (" + cores + " cores; "
                + (int) SECONDS + " s per timing, median of " + REPEATS + ", alternated)", md, data);
    }

    /**
     * The translation step with its softmax over every subword, trained on a shortlist, and trained on a
     * shortlist tied to the target embedding; the three in a rotating order.
     */
    private Map<String, Object> shortlist(List<String> md) throws IOException, InterruptedException {
        Seq2SeqCase[] cases = {Seq2SeqCase.TRANSLATION, Seq2SeqCase.TRANSLATION_SHORTLIST, Seq2SeqCase.TRANSLATION_TIED};
        double[][] t = new double[cases.length][REPEATS];
        for (int rep = 0; rep < REPEATS; rep++) {
            for (int i = 0; i < cases.length; i++) {
                int c = (i + rep) % cases.length;
                t[c][rep] = braidStep(cases[c], 1);
            }
        }
        double a = Stats.median(t[0]);
        double b = Stats.median(t[1]);
        double c = Stats.median(t[2]);
        md.add("");
        md.add(String.format(Locale.ROOT, "Output softmax at translation size, 1 thread, in rotating order: over all %,d "
                + "subwords %.1f ms/step; trained on a shortlist (`%s`: the %,d most frequent and the batch's targets, drawn "
                + "uniformly here, so it lists more than a real batch would) %.1f ms/step: **%.2fx** the step's speed; the "
                + "shortlist with the softmax tied to the target embedding (`%s`) %.1f ms/step: **%.2fx** the untied "
                + "shortlist's.", cases[0].targetVocabulary(), a * 1e3, cases[1].name(), cases[1].shortlist(), b * 1e3, a / b,
                cases[2].name(), c * 1e3, b / c));
        return Map.of("fullSeconds", a, "shortlistSeconds", b, "tiedSeconds", c, "samples", t);
    }

    private Map<String, Map<String, Double>> profile(List<String> md) throws IOException, InterruptedException {
        Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
        Map<String, List<String>> methods = new LinkedHashMap<>();
        TreeSet<String> parts = new TreeSet<>();
        for (Seq2SeqCase c : Seq2SeqCase.ALL) {
            Map<String, Double> s = new LinkedHashMap<>();
            List<String> top = new ArrayList<>();
            for (String line : child(StepProfile.class, 1, c.name(), "" + PROFILE_SECONDS).lines().toList()) {
                String[] f = line.split("\t");
                if (f.length == 2 && !f[0].equals("samples")) {
                    s.put(f[0], Double.parseDouble(f[1]));
                    parts.add(f[0]);
                } else if (f.length == 3 && top.size() < 8) {
                    top.add(String.format(Locale.ROOT, "%.1f%% %s", 100 * Double.parseDouble(f[2]), f[1]));
                }
            }
            shares.put(c.name(), s);
            methods.put(c.name(), top);
        }
        md.add("");
        md.add("Where Braid's step time goes, 1 thread (Java Flight Recorder sampling the training thread every 10 ms "
                + "for " + (int) (PROFILE_SECONDS * 5 / 6) + " s, in Java or in native code; each sample goes to the "
                + "innermost model part on its stack, GEMM if a GEMM is under it):");
        md.add("");
        StringBuilder head = new StringBuilder("| part |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Seq2SeqCase c : Seq2SeqCase.ALL) {
            head.append(' ').append(c.name()).append(" |");
            rule.append("---|");
        }
        md.add(head.toString());
        md.add(rule.toString());
        parts.stream().sorted((a, b) -> Double.compare(shares.get(Seq2SeqCase.G2P.name()).getOrDefault(b, 0.0),
                shares.get(Seq2SeqCase.G2P.name()).getOrDefault(a, 0.0))).forEach(p -> {
                    StringBuilder row = new StringBuilder("| ").append(p).append(" |");
                    for (Seq2SeqCase c : Seq2SeqCase.ALL) {
                        row.append(String.format(Locale.ROOT, " %.1f%% |", 100 * shares.get(c.name()).getOrDefault(p, 0.0)));
                    }
                    md.add(row.toString());
                });
        for (Map.Entry<String, List<String>> e : methods.entrySet()) {
            md.add("");
            md.add("The largest methods of " + e.getKey() + " (part <- innermost Braid methods): "
                    + String.join("; ", e.getValue()) + ".");
        }
        return shares;
    }

    private List<Map<String, Object>> sparkRounds(List<String> md, Map<String, Double> oneThread) {
        List<Map<String, Object>> out = new ArrayList<>();
        md.add("");
        md.add("What a Spark round adds (`RoundOverhead`: Braid's training rounds on local[2] with 2 workers whose tasks "
                + "train nothing — the parameters and Adam's moments broadcast, each task's result sent back, summed in "
                + "order, averaged, checked; mean of " + (int) ROUND_SECONDS + " s of rounds), against a round of the "
                + "shipped config's averaging period K at the 1-thread step time above:");
        md.add("");
        md.add("| model | parameters | payload MB | idle round ms | K | K steps ms | Spark's share of a round |");
        md.add("|---|---|---|---|---|---|---|");
        JavaSparkContext sc = SparkSessions.start(new SparkConfig("local[2]", "braid-bench-seq2seq", false, Map.of()));
        try {
            for (Seq2SeqCase c : Seq2SeqCase.ALL) {
                int params = c.spec().build(Precision.FLOAT).layout().size();
                int floats = 3 * params;
                double empty = RoundOverhead.roundSeconds(sc, c.spec().stack(), 2, ROUND_SECONDS);
                int k = PERIOD.get(c.name());
                double steps = k * oneThread.get(c.name());
                md.add(String.format(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %d | %.0f | %.1f%% |", c.name(), params,
                        4.0 * floats / 1e6, empty * 1e3, k, steps * 1e3, 100 * empty / (empty + steps)));
                out.add(Map.of("case", c.name(), "parameters", params, "idleRoundSeconds", empty, "averagingPeriod", k,
                        "share", empty / (empty + steps)));
            }
        } finally {
            SparkSessions.stop(sc);
        }
        return out;
    }

    private double braidStep(Seq2SeqCase c, int threads) throws IOException, InterruptedException {
        String out = child(StepTimer.class, threads, "" + SECONDS, c.name());
        String last = out.lines().filter(l -> l.startsWith(c.name() + " ")).reduce((a, b) -> b)
                .orElseThrow(() -> new IOException("StepTimer printed no time for " + c.name() + ": " + out));
        return Double.parseDouble(last.split(" ")[1]) / 1e3;
    }

    /** A bench class's main in a JVM of its own with this JVM's module options and BLAS held to {@code threads}. */
    private static String child(Class<?> main, int threads, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx4g");
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-Djdk.")) {
                cmd.add(a);
            }
        }
        cmd.add("-Dbraid.bench.threads=" + threads);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(main.getSimpleName() + " " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    private double torchStep(Path pairs, int threads) throws IOException, InterruptedException {
        // PyTorch's intra-op pool, OpenMP's and OpenBLAS's own threads all held to the same count as Braid's BLAS
        return PyTorchSuite.medianSeconds(List.of(root.resolve("bench/pytorch_seq2seq.py").toString(), "--pairs",
                pairs.toString(), "--threads", "" + threads, "--seconds", "" + SECONDS),
                Map.of("OMP_NUM_THREADS", "" + threads, "OPENBLAS_NUM_THREADS", "" + threads));
    }

    private static Path writePairs(Seq2SeqCase c) throws IOException {
        List<List<int[]>> p = c.pairs();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", c.name());
        json.put("sourceVocabulary", c.sourceVocabulary());
        json.put("targetVocabulary", c.targetVocabulary());
        json.put("embedding", c.embedding());
        json.put("hidden", c.hidden());
        json.put("sources", p.get(0));
        json.put("targets", p.get(1));
        Path file = Files.createTempFile("braid-seq2seq-", ".json");
        Files.writeString(file, new ObjectMapper().writeValueAsString(json));
        return file;
    }
}
