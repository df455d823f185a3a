package dev.braid.driver.train;

import dev.braid.worker.infer.Progress;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a long pass over a text (held-out evaluation: static, dynamic, mixed): a bar on a terminal;
 * elsewhere a plain line once the pass has run 5 s, then at most every 15 s, and one when it ends (only if
 * it printed before) — no control characters when the output is a pipe or a file.
 */
public final class TextProgress implements Progress, AutoCloseable {
    /** As the Spark jobs' progress: {@code braid.progress.firstMs} (5 s), {@code braid.progress.everyMs} (15 s). */
    private static final long FIRST_MS = Long.getLong("braid.progress.firstMs", 5_000);
    private static final long EVERY_MS = Long.getLong("braid.progress.everyMs", 15_000);
    private final PrintStream out;
    private final String what;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long shown;
    private long done;
    private ProgressBar bar;

    public TextProgress(PrintStream out, String what) {
        this.out = out;
        this.what = what;
        this.terminal = System.console() != null;
    }

    @Override public void at(long done, long total) {
        this.done = done;
        long now = System.nanoTime();
        if (now - start < FIRST_MS * 1_000_000L) {
            return;
        }
        if (terminal) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName(what).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                        .setUnit(" chars", 1).build();
            }
            bar.stepTo(done);
        } else if (shown == 0 || now - shown >= EVERY_MS * 1_000_000L) {
            out.printf(Locale.ROOT, "  %s: %,d of %,d characters (%.0f%%), %.0f s%n", what, done, total,
                    100.0 * done / Math.max(1, total), (now - start) / 1e9);
            shown = now;
        }
    }

    @Override public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        } else if (shown != 0) {
            out.printf(Locale.ROOT, "  %s: done, %,d characters, %.0f s%n", what, done, (System.nanoTime() - start) / 1e9);
        }
    }
}
