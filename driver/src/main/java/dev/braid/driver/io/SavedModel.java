package dev.braid.driver.io;

import dev.braid.driver.UserError;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.Seq2SeqSpec;
import java.util.Map;

/**
 * A model directory's content: architecture, vocabularies by role ({@code tokens} for a language
 * model; {@code source} and {@code target} for an encoder-decoder), parameters, optimizer state, the
 * resolved config it was trained with, and its provenance.
 */
public record SavedModel(ModelSpec spec, Map<String, Vocabulary> vocabularies, float[] params, float[] optimizerState,
                         String config, Provenance provenance) {

    public Vocabulary vocabulary(String role) {
        Vocabulary v = vocabularies.get(role);
        if (v == null) {
            throw new UserError("The model has no " + role + " vocabulary (it holds " + vocabularies.keySet() + ").");
        }
        return v;
    }

    /** The language model with these parameters, built (for inference in this JVM). */
    public dev.braid.worker.model.LanguageModel buildLanguageModel(String location) {
        dev.braid.worker.model.LanguageModel model = languageModel(location).build(dev.braid.worker.kernel.Precision.FLOAT);
        model.params().setAll(params);
        return model;
    }

    /** The encoder-decoder with these parameters, built (for inference in this JVM). */
    public dev.braid.worker.model.Seq2SeqModel buildSeq2Seq(String location) {
        dev.braid.worker.model.Seq2SeqModel model = seq2seq(location).build(dev.braid.worker.kernel.Precision.FLOAT);
        model.params().setAll(params);
        return model;
    }

    public LanguageModelSpec languageModel(String location) {
        if (spec instanceof LanguageModelSpec lm) {
            return lm;
        }
        throw new UserError("Model " + location + " is an encoder-decoder; this command needs a language model "
                + "(use 'braid translate' for encoder-decoders).");
    }

    public Seq2SeqSpec seq2seq(String location) {
        if (spec instanceof Seq2SeqSpec s) {
            return s;
        }
        throw new UserError("Model " + location + " is a language model; this command needs an encoder-decoder "
                + "(use 'braid generate' or 'braid evaluate' for language models).");
    }
}
