package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.io.Json;
import dev.braid.driver.io.SavedModel;
import dev.braid.worker.classify.DocumentEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a classifier's model directory holds beside its parameters ({@value #FILE}): the class names (the
 * second is label 1, the class its probability is of) and how it reads a document, so that labelling new
 * mails reads them as training did.
 */
public record SavedClassifier(List<String> labels, DocumentEncoder encoder) {
    public static final String FILE = "classifier.json";

    public SavedClassifier {
        labels = List.copyOf(labels);
    }

    byte[] bytes() {
        return Json.indented(this);
    }

    /** The classifier file of {@code model} (loaded from {@code location}), or the error that says it is not a classifier's. */
    public static SavedClassifier of(SavedModel model, String location) {
        byte[] bytes = model.files().get(FILE);
        if (bytes == null) {
            throw new UserError("Model " + location + " has no " + FILE + ": it is not a classifier's model (workload = "
                    + "classify). Give --model the model/ directory of a classification run.");
        }
        try {
            return Json.COMPACT.readValue(new String(bytes, StandardCharsets.UTF_8), SavedClassifier.class);
        } catch (IOException e) {
            throw new UserError("Model " + location + ": " + FILE + " cannot be read (" + e.getMessage() + "); the model "
                    + "directory is damaged. Train it again or restore it.");
        }
    }
}
