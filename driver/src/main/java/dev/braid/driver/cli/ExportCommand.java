package dev.braid.driver.cli;

import dev.braid.driver.UserError;
import dev.braid.driver.export.LanguageModelExport;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.SavedModel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code braid export --format onnx MODEL_DIR OUT.onnx}: a trained language model as an ONNX graph that
 * ONNX Runtime (and any ONNX runtime) serves; the output is written atomically, never over a directory.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a trained language model (embedding, LSTM/GRU layers, softmax) as an ONNX graph: tokens "
                + "[steps, batch] and each layer's initial state in, logits [steps, batch, vocabulary] and the final "
                + "states out.",
        footer = {"", "Example:",
                "  scripts/braid export --format onnx runs/quickstart-20261207-141448/model quickstart.onnx",
                "  (symbol ids are those of MODEL_DIR/vocabulary-tokens.json)"})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--format", defaultValue = "onnx", paramLabel = "FORMAT", description = "onnx (the only one so far).")
    String format;

    @Option(names = "--overwrite", description = "Replace OUT if it exists.")
    boolean overwrite;

    @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "A model directory (a run's model/).")
    String model;

    @Parameters(index = "1", paramLabel = "OUT", description = "The ONNX file to write.")
    String output;

    @Override public Integer call() {
        if (!"onnx".equals(format)) {
            throw new UserError("--format " + format + ": the export formats are onnx.");
        }
        Fs fs = Fs.local();
        org.apache.hadoop.fs.Path out = fs.outputFile(output, "OUT", overwrite, model);
        SavedModel saved = new ModelStore(fs).load(model);
        byte[] onnx = LanguageModelExport.onnx(saved.spec(), saved.params(), "0.1.0");
        fs.writeAtomically(out, onnx);
        System.err.printf(java.util.Locale.ROOT, "exported %s to %s (ONNX, %,d bytes)%n", model, out, onnx.length);
        return 0;
    }
}
