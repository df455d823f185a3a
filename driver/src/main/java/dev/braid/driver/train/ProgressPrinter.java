package dev.braid.driver.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: a progress bar per epoch on a terminal; elsewhere (logs, CI) a plain line
 * at most every 15 seconds and at the end of each epoch.
 */
public final class ProgressPrinter implements AutoCloseable {
    private final PrintStream out;
    private final boolean terminal;
    private ProgressBar bar;
    private int barEpoch = -1;
    private long lastLine;

    public ProgressPrinter(PrintStream out) {
        this.out = out;
        this.terminal = System.console() != null;
    }

    public void update(RoundReport r, int epochs) {
        String extra = String.format(Locale.ROOT, "loss %.3f | %,.0f tok/s", r.loss(), r.tokensPerSecond());
        if (terminal) {
            if (bar == null || barEpoch != r.epoch()) {
                close();
                bar = new ProgressBarBuilder().setTaskName("epoch " + (r.epoch() + 1) + "/" + epochs)
                        .setInitialMax(r.batchesInEpoch()).setStyle(ProgressBarStyle.ASCII).setUnit(" batches", 1)
                        .continuousUpdate().build();
                barEpoch = r.epoch();
            }
            bar.stepTo(r.batchEnd());
            bar.setExtraMessage(extra);
            return;
        }
        long now = System.nanoTime();
        if (now - lastLine > 15_000_000_000L || r.batchEnd() == r.batchesInEpoch()) {
            out.printf(Locale.ROOT, "  epoch %d/%d  batch %d/%d  round %d  %s  %.0fs%n", r.epoch() + 1, epochs,
                    r.batchEnd(), r.batchesInEpoch(), r.round(), extra, r.elapsedSeconds());
            lastLine = now;
        }
    }

    @Override public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
