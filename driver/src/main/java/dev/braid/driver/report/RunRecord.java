package dev.braid.driver.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.Json;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.run.Selection;
import dev.braid.driver.train.RoundReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run directory holds for its report, read as it is now (a run in progress too): its config,
 * every round's metrics (rolled-back rounds included), the scored epochs, the results if the run has
 * reported. A torn last metrics line (a driver killed while writing it) is left out.
 */
record RunRecord(RunLayout layout, String config, String workload, List<RoundReport> rounds,
                 List<Selection.EpochFigures> epochs, JsonNode results, boolean finished) {

    static RunRecord read(Fs fs, RunLayout layout) {
        if (!fs.exists(layout.config()) || !fs.exists(layout.metrics())) {
            throw new UserError(layout.root() + " is not a Braid run directory (it has no config.conf and metrics.jsonl); "
                    + "name the directory a `braid train` run wrote (printed as \"Run directory: ...\").");
        }
        String config = fs.readText(layout.config());
        String workload = com.typesafe.config.ConfigFactory.parseString(config).getString("workload");
        JsonNode results = fs.exists(layout.report()) ? tree(fs, layout, layout.report()) : null;
        boolean finished = results != null && fs.exists(layout.model());
        return new RunRecord(layout, config, workload, rounds(fs, layout), epochs(fs, layout), results, finished);
    }

    private static List<RoundReport> rounds(Fs fs, RunLayout layout) {
        String text = new String(fs.readBytesUnchecked(layout.metrics()), StandardCharsets.UTF_8);
        List<RoundReport> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(Json.COMPACT.readValue(line, RoundReport.class));
            } catch (IOException e) {
                // a line being written as the report reads (a run in progress), or torn by a kill
            }
        }
        return out;
    }

    private static List<Selection.EpochFigures> epochs(Fs fs, RunLayout layout) {
        if (!fs.exists(layout.epochs())) {
            return List.of();
        }
        try {
            return Json.COMPACT.readValue(fs.readBytesUnchecked(layout.epochs()), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UserError(layout.epochs() + " is not a list of scored epochs (" + e.getMessage() + "); it is "
                    + "rewritten after every epoch: run the report again after the next one, or remove the file.", e);
        }
    }

    private static JsonNode tree(Fs fs, RunLayout layout, org.apache.hadoop.fs.Path path) {
        try {
            return Json.COMPACT.readTree(fs.readBytesUnchecked(path));
        } catch (IOException e) {
            throw new UserError(path + " is not JSON (" + e.getMessage() + "); the run writes it whole at its end: "
                    + "restore it or run the report without it by moving it aside.", e);
        }
    }

    /** The rounds that counted (not rolled back). */
    List<RoundReport> counted() {
        return rounds.stream().filter(RoundReport::counts).toList();
    }
}
