package dev.braid.driver.cli;

import dev.braid.driver.UserError;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.workload.CharLmJob;
import dev.braid.driver.workload.Seq2SeqJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code braid train CONF}: trains the workload a config file describes. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the model described by a workload config (conf/*.conf) and report held-out results.")
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONF", description = "Workload config, e.g. conf/charlm-sotu.conf.")
    String config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key (repeatable), e.g. --set training.epochs=2.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run directory (default runs/<name>-<time>); any Hadoop path.")
    String runDir;

    @Option(names = "--resume", description = "Continue the latest checkpoint of --run-dir (only training.epochs and training.timeLimit may change).")
    boolean resume;

    @Option(names = "--init-from", paramLabel = "MODEL", description = "Start a new run from a saved language model's parameters, "
            + "optimizer state and vocabulary (fine-tuning; the architecture must match, dropout may differ).")
    String initFrom;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (overrides spark.master), e.g. local[2] or spark://host:7077.")
    String master;

    @Override public Integer call() {
        List<String> all = new ArrayList<>(sets);
        if (master != null) {
            all.add("spark.master=" + master);
        }
        ConfigLoader.Loaded loaded = ConfigLoader.load(config, all);
        switch (loaded.config().workload()) {
            case CHAR_LM -> new CharLmJob(loaded, System.out).run(runDir, resume, Optional.ofNullable(initFrom));
            case SEQ2SEQ -> {
                if (initFrom != null) {
                    throw new UserError("--init-from warm-starts language models only; " + config
                            + " trains an encoder-decoder. Leave --init-from out (or use --resume to continue a run).");
                }
                new Seq2SeqJob(loaded, System.out).run(runDir, resume);
            }
        }
        return 0;
    }
}
