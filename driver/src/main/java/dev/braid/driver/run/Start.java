package dev.braid.driver.run;

import dev.braid.driver.io.SavedModel;
import dev.braid.driver.train.Checkpoints;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.model.ModelSpec;
import java.util.Map;
import java.util.Optional;

/** Where training starts: fresh parameters, a checkpoint of the same run, or a saved model (warm start). */
public sealed interface Start {

    /** The vocabularies training must use, when they are not built from the data. */
    Optional<Map<String, Vocabulary>> knownVocabularies();

    /** Parameters from the config's seed; vocabularies from the data. */
    record Fresh() implements Start {
        @Override public Optional<Map<String, Vocabulary>> knownVocabularies() {
            return Optional.empty();
        }
    }

    /** Continues a run from its checkpoint, with the vocabularies it kept (older checkpoints kept none). */
    record Resumed(Checkpoints.Restored checkpoint) implements Start {
        @Override public Optional<Map<String, Vocabulary>> knownVocabularies() {
            return checkpoint.vocabularies().isEmpty() ? Optional.empty() : Optional.of(checkpoint.vocabularies());
        }
    }

    /**
     * A new run from earlier parameters of {@code spec} (optimizer state empty for fresh moments), their
     * vocabularies and the workload files saved with them; {@code from} names them in the provenance.
     */
    record Warm(ModelSpec spec, Map<String, Vocabulary> vocabularies, float[] params, float[] optimizer,
                Map<String, byte[]> files, String from) implements Start {
        public static Warm of(SavedModel model, String from) {
            return new Warm(model.spec(), model.vocabularies(), model.params(), model.optimizerState(), model.files(), from);
        }

        @Override public Optional<Map<String, Vocabulary>> knownVocabularies() {
            return Optional.of(vocabularies);
        }
    }
}
