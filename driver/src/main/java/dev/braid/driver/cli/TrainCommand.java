package dev.braid.driver.cli;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.run.RunOptions;
import dev.braid.driver.run.TrainingRun;
import dev.braid.driver.workload.Workloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code braid train CONF}: trains the workload a config file describes. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the model described by a workload config (conf/*.conf) and report held-out results.",
        footer = {"", "Examples:",
                "  scripts/braid train conf/charlm-sotu.conf --set training.timeLimit=30m --set training.workers=2",
                "  scripts/braid train conf/g2p-cmudict.conf --run-dir runs/g2p --resume      (continue a stopped run)",
                "  scripts/braid train conf/charlm-sotu.conf --init-from runs/quickstart-20261207-141448/model  (fine-tune)",
                "  spark-submit --class dev.braid.driver.cli.BraidMain braid.jar train conf/charlm-sotu.conf --master yarn"})
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONF", description = "Workload config, e.g. conf/charlm-sotu.conf.")
    String config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable), e.g. --set training.epochs=2.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run directory (default runs/<name>-<time>); any Hadoop path.")
    String runDir;

    @Option(names = "--resume", description = "Continue the latest checkpoint of --run-dir (only training.epochs, timeLimit, keepCheckpoints "
            + "and stopCheckpointTimeout may change; training.workers may change too, for a char-LM with batchSize, "
            + "their product kept).")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace the run that --run-dir already holds (its config, metrics, "
            + "checkpoints and models; nothing else) with a new one.")
    boolean overwrite;

    @Option(names = "--init-from", paramLabel = "MODEL", description = "Start a new run from a saved language model's parameters, "
            + "optimizer state and vocabularies (fine-tuning; the architecture must match, dropout may differ).")
    String initFrom;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (overrides spark.master), e.g. local[2] or spark://host:7077.")
    String master;

    @Override public Integer call() {
        List<String> all = new ArrayList<>(sets);
        if (master != null) {
            all.add("spark.master=" + master);
        }
        ConfigLoader.Loaded loaded = ConfigLoader.load(config, all);
        RunOptions options = new RunOptions(runDir, resume, overwrite, Optional.ofNullable(initFrom));
        TrainingRun.of(loaded, Workloads.of(loaded.config(), System.out), System.out).run(options);
        return 0;
    }
}
