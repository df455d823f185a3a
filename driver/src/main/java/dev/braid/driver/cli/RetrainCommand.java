package dev.braid.driver.cli;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.spark.SparkSessions;
import dev.braid.driver.workload.RetrainJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code braid retrain}: one scheduled retrain of a model registry from dated data partitions. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Train a new registry version on data partitions newer than the current model's, and promote it "
                + "if its held-out score is no worse than the current one's (within retrain.tolerance).",
        footer = {"", "Example (a daily cron job; the data folder holds dated partitions, day=YYYY-MM-DD):",
                "  scripts/braid retrain --registry hdfs://nn:8020/braid/registry/sotu --data hdfs://nn:8020/corpora/sotu \\",
                "      --config conf/charlm-sotu.conf   (see scripts/retrain.cron)"})
final class RetrainCommand implements Callable<Integer> {
    @Option(names = "--registry", required = true, paramLabel = "URI", description = "Registry folder (any Hadoop path).")
    String registry;

    @Option(names = "--data", required = true, paramLabel = "URI", description = "Folder of dated partitions dt=YYYY-MM-DD/.")
    String data;

    @Option(names = "--config", required = true, paramLabel = "CONF",
            description = "Char-LM or forecast workload config; its data.test is the fixed held-out set.")
    String config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (overrides spark.master).")
    String master;

    @Override public Integer call() {
        List<String> all = new ArrayList<>(sets);
        all.add("data.train=" + data);
        if (master != null) {
            all.add("spark.master=" + master);
        }
        ConfigLoader.Loaded loaded = ConfigLoader.load(config, all);
        if (loaded.config().workload() != BraidConfig.Workload.CHAR_LM
                && loaded.config().workload() != BraidConfig.Workload.FORECAST) {
            throw new UserError("retrain supports workloads char-lm and forecast; " + config + " is "
                    + loaded.config().workload().name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        // every input path and the workload's own checks, before Spark starts: a bad data.test would otherwise
        // surface only at scoring, after a whole version trained
        dev.braid.driver.run.TrainingRun.of(loaded, dev.braid.driver.workload.Workloads.of(loaded.config(), System.out),
                System.out).preflight(new dev.braid.driver.io.Fs(SparkSessions.hadoopConf(loaded.config().spark())));
        boolean shared = SparkSessions.active();
        JavaSparkContext sc = SparkSessions.start(dev.braid.driver.run.TaskDevices.sparkConfig(loaded.config()));
        try {
            new RetrainJob(loaded, System.out).run(sc, registry, data);
        } finally {
            if (!shared) {
                SparkSessions.stop(sc);
            }
        }
        return 0;
    }
}
