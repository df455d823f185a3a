package dev.braid.driver.io;

import dev.braid.driver.UserError;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import java.util.Map;

/**
 * A model directory's content: architecture, vocabularies by role ({@code tokens} for a language
 * model; {@code source} and {@code target} for an encoder-decoder), parameters, optimizer state, the
 * resolved config it was trained with, its provenance, and the workload's own files by name (a
 * forecaster's scaling), which travel with the model wherever it is saved (run, checkpoint-free copies,
 * registry versions).
 */
public record SavedModel(ModelSpec spec, Map<String, Vocabulary> vocabularies, float[] params, float[] optimizerState,
                         String config, Provenance provenance, Map<String, byte[]> files) {

    public SavedModel {
        files = Map.copyOf(files);
    }

    /** A model without workload files. */
    public SavedModel(ModelSpec spec, Map<String, Vocabulary> vocabularies, float[] params, float[] optimizerState,
                      String config, Provenance provenance) {
        this(spec, vocabularies, params, optimizerState, config, provenance, Map.of());
    }

    public Vocabulary vocabulary(String role) {
        Vocabulary v = vocabularies.get(role);
        if (v == null) {
            throw new UserError("The model has no " + role + " vocabulary (it holds " + vocabularies.keySet() + ").");
        }
        return v;
    }

    /** The decoder-only model with these parameters, built (for inference in this JVM). */
    public StackModel buildLanguageModel(String location) {
        StackModel model = languageModel(location).build(Precision.FLOAT);
        model.params().setAll(params);
        return model;
    }

    /** The encoder-decoder with these parameters, built (for inference in this JVM). */
    public StackModel buildSeq2Seq(String location) {
        StackModel model = seq2seq(location).build(Precision.FLOAT);
        model.params().setAll(params);
        return model;
    }

    /** The spec, which must be a model without an encoder (a language model). */
    public ModelSpec languageModel(String location) {
        if (spec.encoderUnits() == 0) {
            return spec;
        }
        throw new UserError("Model " + location + " is an encoder-decoder; this command needs a language model "
                + "(use 'braid translate' for encoder-decoders).");
    }

    /** The spec, which must be an encoder-decoder. */
    public ModelSpec seq2seq(String location) {
        if (spec.encoderUnits() > 0) {
            return spec;
        }
        throw new UserError("Model " + location + " is a language model; this command needs an encoder-decoder "
                + "(use 'braid generate' or 'braid evaluate' for language models).");
    }
}
