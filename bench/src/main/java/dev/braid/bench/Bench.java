package dev.braid.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/bench [suite...]}: runs the suites (default all) and writes a markdown report and
 * its JSON twin to {@code bench/results/bench-DATE.md|json}, headed by the hardware they ran on.
 * Suites: step, pytorch, scale, dl4j, memory, model, pipeline (the model-parallel pipeline's schedules
 * on 2 cores against the unsplit model on 1), seq2seq (the encoder-decoder step against PyTorch's, with a
 * profile).
 */
public final class Bench {
    static final List<String> ALL = List.of("step", "pytorch", "scale", "dl4j", "memory", "model", "pipeline",
            "seq2seq");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("braid.root", "."));
        List<String> suites = args.length == 0 ? ALL : List.of(args);
        for (String s : suites) {
            if (!ALL.contains(s)) {
                System.err.println("bench: unknown suite '" + s + "'; suites: " + String.join(" ", ALL));
                System.exit(2);
            }
        }
        Header header = Header.now();
        Corpus corpus = Corpus.find(root);
        PyTorchSuite torch = new PyTorchSuite(root.resolve("bench/pytorch_step.py"));
        List<Section> sections = new ArrayList<>();
        Section step = null;
        Section scale = null;
        for (String s : suites) {
            System.err.println("bench: running " + s);
            Section sec = switch (s) {
                case "step" -> step = new StepSuite(torch).run();
                case "pytorch" -> torch.report(step);
                case "scale" -> scale = new ScaleSuite(corpus).run();
                case "dl4j" -> new Dl4jSparkSuite(corpus).run();
                case "memory" -> new MemorySuite(corpus).run();
                case "pipeline" -> new PipelineSuite().run();
                case "seq2seq" -> new Seq2SeqSuite(root, torch).run();
                default -> new ProjectionSuite().run(scale != null ? scale : (scale = new ScaleSuite(corpus).run()));
            };
            sections.add(sec);
            System.out.println("\n## " + sec.title() + "\n");
            sec.markdown().forEach(System.out::println);
        }
        write(root, header, sections, args.length == 0 ? List.of() : suites);
    }

    private static void write(Path root, Header header, List<Section> sections, List<String> named) throws Exception {
        Path dir = Files.createDirectories(root.resolve("bench/results"));
        String name = "bench-" + LocalDate.now() + (named.isEmpty() ? "" : "-" + String.join("-", named));
        StringBuilder md = new StringBuilder("# Braid benchmarks\n\n").append(header.markdown()).append("\n\n")
                .append("Command: `scripts/bench").append(named.isEmpty() ? "" : " " + String.join(" ", named)).append("`. Every figure is a median of "
                        + "repeated runs after warm-up; ratios come from one run.\n");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("header", header);
        for (Section s : sections) {
            md.append("\n## ").append(s.title()).append("\n\n").append(String.join("\n", s.markdown())).append('\n');
            json.put(s.suite(), s.data());
        }
        Files.writeString(dir.resolve(name + ".md"), md);
        Files.writeString(dir.resolve(name + ".json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json));
        System.err.println("bench: wrote " + dir.resolve(name + ".md") + " and .json");
    }
}
