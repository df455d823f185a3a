package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.worker.data.Vocabulary;
import java.util.Map;

/** Vocabularies by role, as models and checkpoints keep them. */
final class Vocabularies {
    private Vocabularies() {
    }

    /** The {@code role} vocabulary, which {@code kind} needs; a model of another workload lacks it. */
    static Vocabulary role(Map<String, Vocabulary> vocabularies, String role, String kind) {
        Vocabulary v = vocabularies.get(role);
        if (v == null) {
            throw new UserError("The model has no " + role + " vocabulary (it holds " + vocabularies.keySet() + "): it was "
                    + "not trained by this workload, which is " + kind + ". Give --init-from a model of this workload.");
        }
        return v;
    }
}
