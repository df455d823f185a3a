package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.io.Json;
import dev.braid.worker.forecast.Scaling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a forecaster's model directory holds beside its parameters ({@value #FILE}): the scaling fitted on
 * its training days (each series' of a set, by its key), which a forecast from new data must apply as
 * training did, and the last day trained on.
 */
public record SavedForecast(Scaling scaling, String lastTrainingDay, Map<String, Scaling> perSeries) {
    public static final String FILE = "forecast.json";

    public SavedForecast {
        perSeries = perSeries == null ? Map.of() : new LinkedHashMap<>(perSeries);
    }

    /** A set's: each series' scaling by its key (the first's also as {@code scaling}). */
    static SavedForecast of(List<String> keys, List<Scaling> scalings, String lastTrainingDay) {
        if (keys.size() == 1) {
            return new SavedForecast(scalings.get(0), lastTrainingDay, Map.of());
        }
        Map<String, Scaling> by = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            by.put(keys.get(i), scalings.get(i));
        }
        return new SavedForecast(scalings.get(0), lastTrainingDay, by);
    }

    /** The scaling of series {@code key} (of a model of one series: its only one), or the error naming the keys. */
    public Scaling scaling(String key, String location) {
        if (perSeries.isEmpty()) {
            return scaling;
        }
        Scaling s = perSeries.get(key);
        if (s == null) {
            throw new UserError("Model " + location + " was trained on the series " + perSeries.keySet() + "; the data holds "
                    + "series " + key + ", which it has no scaling for. Give data of the series it knows, or retrain with it.");
        }
        return s;
    }

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
    static SavedForecast in(Map<String, byte[]> files, String location) {
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
