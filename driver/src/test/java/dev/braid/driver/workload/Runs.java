package dev.braid.driver.workload;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.run.TrainingRun;
import dev.braid.worker.data.BatchSet;
import dev.braid.worker.data.StreamBlock;
import java.io.PrintStream;

/** Training runs of the built-in workloads, typed by their reports, for tests. */
public final class Runs {
    private Runs() {
    }

    public static TrainingRun<StreamBlock, CharLmReport> charLm(ConfigLoader.Loaded cfg, PrintStream out) {
        return new TrainingRun<>(cfg, new CharLmWorkload(cfg.config(), out), out);
    }

    public static TrainingRun<BatchSet, Seq2SeqReport> seq2seq(ConfigLoader.Loaded cfg, PrintStream out) {
        return new TrainingRun<>(cfg, new Seq2SeqWorkload(cfg.config(), out), out);
    }

    public static TrainingRun<StreamBlock, CopyTaskWorkload.Report> copy(ConfigLoader.Loaded cfg, PrintStream out) {
        return new TrainingRun<>(cfg, new CopyTaskWorkload(cfg.config(), out), out);
    }
}
