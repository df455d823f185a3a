package dev.braid.driver.cli;

import dev.braid.driver.io.Fs;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.report.RunReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code braid report RUN_DIR}: the run report ({@code RUN_DIR/report.html} and its plots) from what the
 * run directory holds now: a finished run, one in progress, a stopped one. No Spark.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write RUN_DIR/report.html and its plots (RUN_DIR/plots/*.png) from a run directory, finished "
                + "or in progress.",
        footer = {"", "Example:", "  scripts/braid report runs/quickstart-20261207-132644",
                "  (then open runs/quickstart-20261207-132644/report.html; the page and its plots work offline)"})
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory (a local or Hadoop path).")
    String runDir;

    @Override public Integer call() {
        Fs fs = Fs.local();
        RunLayout layout = RunLayout.existingRun(fs, runDir);
        System.out.println("Report written to " + RunReport.write(fs, layout));
        return 0;
    }
}
