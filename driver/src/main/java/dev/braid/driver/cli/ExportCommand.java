package dev.braid.driver.cli;

import dev.braid.driver.UserError;
import dev.braid.driver.export.LanguageModelExport;
import dev.braid.driver.export.Seq2SeqExport;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.SavedModel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code braid export --format onnx MODEL_DIR OUT.onnx}: a trained language model as an ONNX graph, an
 * encoder-decoder as two (encoder, decoder step), that ONNX Runtime (and any ONNX runtime) serves; each
 * output is written atomically, never over a directory or an existing file without --overwrite.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a trained model as ONNX graphs of standard operators. A language model (embedding, LSTM/GRU "
                + "layers, softmax): one graph, tokens [steps, batch] and each layer's initial state in, logits [steps, "
                + "batch, vocabulary] and the final states out. An attention encoder-decoder: OUT.encoder.onnx (source "
                + "[steps, batch] and source_lengths in; memory, keys, mask and the decoder's initial states out) and "
                + "OUT.decoder.onnx (one step: the previous token, memory, keys, mask and states in; logits, attention "
                + "weights and the next states out)."},
        footer = {"", "Examples:",
                "  scripts/braid export --format onnx runs/quickstart-20261207-141448/model quickstart.onnx",
                "  scripts/braid export --format onnx runs/g2p-cmudict-20261122-1000/model g2p.onnx",
                "      (writes g2p.encoder.onnx and g2p.decoder.onnx)",
                "  Symbol ids are those of the model's vocabulary-*.json; <s> = 1 starts decoding, </s> = 2 ends it."})
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
        SavedModel saved = new ModelStore(fs).load(model);
        if (saved.spec().encoderUnits() == 0) {
            org.apache.hadoop.fs.Path out = fs.outputFile(output, "OUT", overwrite, model);
            write(fs, out, LanguageModelExport.onnx(saved.spec(), saved.params(), VERSION));
            return 0;
        }
        // an encoder-decoder is two graphs: OUT.encoder.onnx and OUT.decoder.onnx (OUT without its .onnx)
        String base = output.endsWith(".onnx") ? output.substring(0, output.length() - 5) : output;
        org.apache.hadoop.fs.Path encoder = fs.outputFile(base + ".encoder.onnx", "OUT", overwrite, model);
        org.apache.hadoop.fs.Path decoder = fs.outputFile(base + ".decoder.onnx", "OUT", overwrite, model);
        Seq2SeqExport.Graphs graphs = Seq2SeqExport.onnx(saved.spec(), saved.params(), VERSION);
        write(fs, encoder, graphs.encoder());
        write(fs, decoder, graphs.decoder());
        return 0;
    }

    private static final String VERSION = "0.1.0";

    private void write(Fs fs, org.apache.hadoop.fs.Path out, byte[] onnx) {
        fs.writeAtomically(out, onnx);
        System.err.printf(java.util.Locale.ROOT, "exported %s to %s (ONNX, %,d bytes)%n", model, out, onnx.length);
    }
}
