package dev.braid.driver.cli;

import dev.braid.driver.UserError;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.workload.Workloads;
import dev.braid.worker.kernel.Precision;
import dev.braid.driver.config.StackBinder;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.Pipelines;
import dev.braid.worker.model.StackModel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code braid inspect}: a saved model's architecture, its layers in order (the names
 * {@code placement.stages} uses) with their parameter counts, and where it came from; or, for a
 * config, the layers its model will have and whether its placement fits them.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a model's layers (as placement.stages names them), or those a config describes.",
        footer = {"", "Examples:", "  scripts/braid inspect --model runs/quickstart-20261207-141448/model",
                "  scripts/braid inspect conf/charlm-sotu.conf --set 'placement.stages=[[embed, rnn0], [rnn1, out]]'"})
final class InspectCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "A model directory (a run's model/).")
    String model;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONF", description = "A workload config, instead of --model.")
    String config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
    List<String> sets = new ArrayList<>();

    @Override public Integer call() {
        if ((model == null) == (config == null)) {
            throw new UserError("inspect takes a model (--model DIR) or a config (CONF), one of the two.");
        }
        PrintStream out = System.out;
        if (model != null) {
            SavedModel saved = new ModelStore(Fs.local()).load(model);
            out.println("Model: " + (saved.spec().encoderUnits() > 0 ? "an encoder of " + saved.spec().encoderUnits()
                    + " layers, a decoder" : "a stack") + " of " + saved.spec().stack().size() + " layers and a "
                    + StackBinder.typeName(saved.spec().head()) + " head");
            out.println("Layers, in order (placement.stages names them):");
            Map<String, Long> sizes = layerSizes(saved);
            long total = 0;
            for (Map.Entry<String, Long> e : sizes.entrySet()) {
                out.printf(Locale.ROOT, "  %-6s %,12d parameters%n", e.getKey(), e.getValue());
                total += e.getValue();
            }
            out.printf(Locale.ROOT, "  total  %,12d%n", total);
            describe(out, saved.spec());
            saved.vocabularies().forEach((role, v) -> out.println("Vocabulary " + role + ": " + v.size() + " symbols"));
            out.println("Provenance: " + saved.provenance());
            return 0;
        }
        ConfigLoader.Loaded loaded = ConfigLoader.load(config, sets);
        var workload = Workloads.of(loaded.config(), new PrintStream(java.io.OutputStream.nullOutputStream()));
        out.println("Workload " + dev.braid.driver.config.ConfigBinder.lowerName(loaded.config().workload()) + "; its model's layers, in order (placement.stages "
                + "names them): " + workload.layers().names());
        if (loaded.config().model().stacked()) {
            out.println("(vocabulary sizes come from the data; a vocabulary of 0 is shown as 5 symbols)");
            describe(out, StackBinder.bind(loaded.config().model(), new StackBinder.Sizes(5, 5),
                    new dev.braid.worker.stack.SoftmaxSpec("out", 5, 0)));
        }
        var placement = loaded.config().placement();
        if (placement.pipelined()) {
            try {
                Pipelines.check(workload.layers(), placement.toPlacement(), placement.devicesNeeded());
                out.println("Placement: " + placement.stages().size() + " stages " + placement.stages() + ", "
                        + placement.schedule() + ", " + placement.microBatches() + " micro-batches: fits the model");
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage() + ".");
            }
        }
        return 0;
    }

    /** Each unit: its type, its settings, its output width and parameters. */
    private static void describe(PrintStream out, ModelSpec spec) {
        StackModel m = spec.build(Precision.FLOAT);
        int[] params = m.unitParameters();
        int[] widths = m.unitWidths();
        List<Object> specs = new ArrayList<>(spec.encoder());
        specs.addAll(spec.stack());
        specs.add(spec.head());
        out.println("Stack (unit: type, settings -> output width, parameters):");
        for (int u = 0; u < specs.size(); u++) {
            if (u == spec.encoderUnits() && u > 0) {
                out.println("  -- decoder (reads the encoder's output) --");
            }
            int width = u < widths.length ? widths[u] : spec.head().outputs();
            out.printf(Locale.ROOT, "  %-8s %-13s %s -> %d, %,d%n", spec.units().get(u), StackBinder.typeName(specs.get(u)),
                    StackBinder.settings(specs.get(u)), width, params[u]);
        }
    }

    /** Parameter counts by unit, in the model's unit order (a decoder layer's bridge counts with it). */
    private static Map<String, Long> layerSizes(SavedModel saved) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        List<String> units = saved.spec().units();
        int[] counts = saved.spec().build(Precision.FLOAT).unitParameters();
        for (int u = 0; u < units.size(); u++) {
            sizes.put(units.get(u), (long) counts[u]);
        }
        return sizes;
    }
}
