package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.io.Json;
import dev.braid.worker.forecast.Scaling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a forecaster's model directory holds beside its parameters ({@value #FILE}): the scaling fitted on
 * its training days, which a forecast from new data must apply as training did, and the last day trained on.
 */
public record SavedForecast(Scaling scaling, String lastTrainingDay) {
    public static final String FILE = "forecast.json";

    byte[] bytes() {
        return Json.indented(this);
    }

    /** The forecast file of {@code model} (loaded from {@code location}), or the error that says it is not a forecaster's. */
    public static SavedForecast of(SavedModel model, String location) {
        byte[] bytes = model.files().get(FILE);
        if (bytes == null) {
            throw new UserError("Model " + location + " has no " + FILE + ": it is not a forecaster's model (workload = "
                    + "forecast). Give --model the model/ directory of a forecasting run.");
        }
        return parse(bytes, location);
    }

    /** {@code files}' forecast file (a warm start's), or null where there is none. */
    static SavedForecast in(java.util.Map<String, byte[]> files, String location) {
        return files.containsKey(FILE) ? parse(files.get(FILE), location) : null;
    }

    private static SavedForecast parse(byte[] bytes, String model) {
        try {
            return Json.COMPACT.readValue(new String(bytes, StandardCharsets.UTF_8), SavedForecast.class);
        } catch (IOException e) {
            throw new UserError("Model " + model + ": " + FILE + " cannot be read (" + e.getMessage() + "); the model "
                    + "directory is damaged. Train it again or restore it.");
        }
    }
}
