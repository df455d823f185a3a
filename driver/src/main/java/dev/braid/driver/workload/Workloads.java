package dev.braid.driver.workload;

import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.run.Workload;
import java.io.PrintStream;

/** The workload a config's {@code workload} key names. */
public final class Workloads {
    private Workloads() {
    }

    public static Workload<?, ?> of(BraidConfig cfg, PrintStream out) {
        return switch (cfg.workload()) {
            case CHAR_LM -> new CharLmWorkload(cfg, out);
            case SEQ2SEQ -> new Seq2SeqWorkload(cfg, out);
            case COPY -> new CopyTaskWorkload(cfg, out);
            case TEACHING -> new TeachingWorkload(cfg, out);
            case FORECAST -> new ForecastWorkload(cfg, out);
            case CLASSIFY -> new ClassifyWorkload(cfg, out);
        };
    }
}
