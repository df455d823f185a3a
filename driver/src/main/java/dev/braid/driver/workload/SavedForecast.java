package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.Json;
import dev.braid.worker.forecast.Scaling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.Path;

/**
 * What a forecaster's model directory holds beside its parameters ({@value #FILE}): the scaling fitted on
 * its training days, which a forecast from new data must apply as training did, and the last day trained on.
 */
public record SavedForecast(Scaling scaling, String lastTrainingDay) {
    public static final String FILE = "forecast.json";

    byte[] bytes() {
        return Json.indented(this);
    }

    /** The forecast file of the model at {@code model}, or the error that says it is not a forecaster's. */
    public static SavedForecast read(Fs fs, String model) {
        Path file = new Path(fs.qualify(model), FILE);
        if (!fs.exists(file)) {
            throw new UserError("Model " + model + " has no " + FILE + ": it is not a forecaster's model (workload = "
                    + "forecast). Give --model the model/ directory of a forecasting run.");
        }
        try {
            return Json.COMPACT.readValue(new String(fs.readBytes(file), StandardCharsets.UTF_8), SavedForecast.class);
        } catch (IOException e) {
            throw new UserError("Model " + model + ": " + FILE + " cannot be read (" + e.getMessage() + "); the model "
                    + "directory is damaged. Train it again or restore it.");
        }
    }
}
