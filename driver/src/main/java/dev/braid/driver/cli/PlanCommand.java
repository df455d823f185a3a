package dev.braid.driver.cli;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.config.SparkConfig;
import dev.braid.driver.io.Fs;
import dev.braid.driver.plan.PlanProbe;
import dev.braid.driver.plan.ScalingModel;
import dev.braid.driver.spark.SparkSessions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code braid plan CONF --workers N [--network GBIT]}: before renting a cluster, whether N workers would
 * train the config's model faster than this one machine, by how much, and at which averaging period.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Measure a few training steps of a config's model and the coordination of a round on this machine, "
                + "and predict tokens/s and parallel efficiency at N workers, and the averaging period K that keeps "
                + "coordination under a share of each round (character language models so far).",
        footer = {"", "Examples:",
                "  scripts/braid plan conf/charlm-sotu.conf --workers 8 --network 10   (8 machines on 10 Gbit/s)",
                "  scripts/braid plan conf/quickstart.conf --workers 2                  (2 tasks on this machine)"})
final class PlanCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONF", description = "Workload config, e.g. conf/charlm-sotu.conf.")
    String config;

    @Option(names = "--workers", required = true, paramLabel = "N", description = "Workers to plan for (training.workers).")
    int workers;

    @Option(names = "--network", paramLabel = "GBIT", description = "Gbit/s between driver and workers, one per machine "
            + "(default: none, the workers are tasks of this machine).")
    Double network;

    @Option(names = "--share", defaultValue = "0.1", paramLabel = "S",
            description = "Coordination's share of a round to stay under when choosing K (default: ${DEFAULT-VALUE}).")
    double share;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
    List<String> sets = new ArrayList<>();

    @Override public Integer call() {
        if (workers < 1 || workers > 10_000) {
            throw new UserError("--workers " + workers + ": give a number of workers from 1 to 10,000.");
        }
        if (network != null && !(network > 0)) {
            throw new UserError("--network " + network + ": give the Gbit/s between driver and workers, e.g. 10.");
        }
        if (!(share > 0 && share < 1)) {
            throw new UserError("--share " + share + ": give a share of the round between 0 and 1, e.g. 0.1.");
        }
        BraidConfig cfg = ConfigLoader.load(config, sets).config();
        PrintStream out = System.out;
        boolean shared = SparkSessions.active();
        int cores = Runtime.getRuntime().availableProcessors();
        JavaSparkContext sc = SparkSessions.start(new SparkConfig("local[" + Math.min(workers, cores) + "]", "braid-plan",
                false, Map.of()));
        PlanProbe.Probe probe;
        try {
            // tasks of this machine share its cores: each step is timed with as many others beside it
            int together = network == null ? Math.min(workers, cores) : 1;
            probe = PlanProbe.measure(sc, new Fs(sc.hadoopConfiguration()), cfg, workers, together);
        } finally {
            if (!shared) {
                SparkSessions.stop(sc);
            }
        }
        print(out, cfg, probe);
        return 0;
    }

    private void print(PrintStream out, BraidConfig cfg, PlanProbe.Probe probe) {
        ScalingModel.Measured m = probe.measured();
        double bytesPerSecond = network == null ? Double.POSITIVE_INFINITY : network * 1e9 / 8;
        out.printf(Locale.ROOT, "Plan for %s: %,d parameters (vocabulary %d from data.train's first %,d characters).%n",
                config, probe.parameters(), probe.vocabulary(), PlanProbe.SAMPLE_CHARS);
        out.printf(Locale.ROOT, "Measured here: a step %.3f s (%d streams x %d steps, %,.0f tokens/s alone, %d BLAS "
                + "thread(s)); payload %.1f MB each way; a task's fixed work %.3f s; a Spark job %.3f s; the driver %.3f s "
                + "per worker result.%n", m.stepSeconds(), cfg.training().batchSize(), cfg.training().seqLength(),
                ScalingModel.alone(m), cfg.worker().blasThreads(), m.payloadBytes() / 1e6, m.taskSeconds(), m.jobSeconds(),
                m.aggregateSecondsPerWorker());
        out.println(network == null ? "Network: none (the workers are tasks of this machine, one core each; steps timed "
                + Math.min(workers, Runtime.getRuntime().availableProcessors()) + " at once)."
                : String.format(Locale.ROOT, "Network: %.1f Gbit/s between the driver and each worker's machine.", network));
        int k = cfg.training().averagingPeriod();
        int best = ScalingModel.periodFor(m, workers, bytesPerSecond, share);
        out.println("| workers | K | round s | tokens/s | vs one machine | efficiency | coordination |");
        out.println("|---|---|---|---|---|---|---|");
        List<ScalingModel.Prediction> rows = List.of(ScalingModel.predict(m, 1, k, bytesPerSecond),
                ScalingModel.predict(m, workers, k, bytesPerSecond), ScalingModel.predict(m, workers, best, bytesPerSecond));
        for (ScalingModel.Prediction p : rows) {
            out.printf(Locale.ROOT, "| %d | %d | %.3f | %,.0f | %.2fx | %.0f%% | %.0f%% |%n", p.workers(), p.period(),
                    p.roundSeconds(), p.tokensPerSecond(), p.tokensPerSecond() / ScalingModel.alone(m),
                    100 * p.efficiency(), 100 * p.coordinationShare());
        }
        ScalingModel.Prediction atK = rows.get(1);
        double speedup = atK.tokensPerSecond() / ScalingModel.alone(m);
        if (speedup < 1) {
            out.printf(Locale.ROOT, "%d workers at K=%d would be SLOWER than this one machine alone (%.2fx): coordination "
                    + "takes %.0f%% of each round. Averaging every K=%d steps keeps it under %.0f%%.%n", workers, k,
                    speedup, 100 * atK.coordinationShare(), best, 100 * share);
        } else {
            out.printf(Locale.ROOT, "%d workers at K=%d: %.2fx this machine alone (efficiency %.0f%%). K=%d keeps "
                    + "coordination under %.0f%% of a round (set training.averagingPeriod).%n", workers, k, speedup,
                    100 * atK.efficiency(), best, 100 * share);
        }
    }
}
