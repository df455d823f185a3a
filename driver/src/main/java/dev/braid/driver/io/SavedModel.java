package dev.braid.driver.io;

import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.model.LanguageModelSpec;

/**
 * A model directory's content: architecture, vocabulary, parameters, optimizer state, the resolved
 * config it was trained with, and its provenance.
 */
public record SavedModel(LanguageModelSpec spec, Vocabulary vocabulary, float[] params, float[] optimizerState,
                         String config, Provenance provenance) {
}
