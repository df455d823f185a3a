package dev.braid.driver.report;

import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.io.SavedModel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Writes a run's report, {@code RUN/report.html} with its plots in {@code RUN/plots/}, from what the run
 * directory holds now: at the end of training, and on demand for a finished run or one in progress.
 * A plot that cannot be drawn (no fonts on a bare machine, a model that cannot be read) is left out and
 * the page says why; the training curves never depend on the model.
 */
public final class RunReport {
    private RunReport() {
    }

    /** Writes the report of the run in {@code layout}; returns the page's path. */
    public static Path write(Fs fs, RunLayout layout) {
        RunRecord run = RunRecord.read(fs, layout);
        List<Plot> plots = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        drawn(plots, notes, "training curves", () -> TrainingPlots.of(run));
        drawn(plots, notes, "results", () -> ResultPlots.of(fs, run));
        Path model = fs.exists(layout.model()) ? layout.model() : fs.exists(layout.best()) ? layout.best() : null;
        if (model != null) {
            drawn(plots, notes, "model's plots", () -> {
                SavedModel saved = new ModelStore(fs).load(model.toString());
                List<Plot> drawn = new ArrayList<>();
                if (saved.spec().encoderUnits() > 0) {
                    drawn.addAll(AttentionMaps.of(saved, model.toString(), run.results()));
                }
                Plot p = EmbeddingMap.of(saved);
                if (p != null) {
                    drawn.add(p);
                }
                return drawn;
            });
        }
        Map<String, byte[]> files = new HashMap<>();
        for (Plot p : plots) {
            files.put(p.name() + ".png", p.png());
        }
        fs.writeDirectory(layout.plots(), files);
        String page = ReportPage.html(run, plots, notes, layout.plots().getName(), Instant.now().toString());
        fs.writeAtomically(layout.reportPage(), page.getBytes(StandardCharsets.UTF_8));
        return layout.reportPage();
    }

    private static void drawn(List<Plot> plots, List<String> notes, String what,
                              java.util.function.Supplier<List<Plot>> draw) {
        try {
            plots.addAll(draw.get());
        } catch (RuntimeException | LinkageError | InternalError e) {
            // a headless JDK without fonts fails inside AWT: the page still has every other part
            notes.add("The " + what + " could not be drawn: " + e + ". On a machine without fonts install "
                    + "fontconfig and a font (Debian: apt-get install fontconfig fonts-dejavu-core).");
        }
    }
}
