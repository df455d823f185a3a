package dev.braid.driver.run;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.spark.JobNames;
import dev.braid.driver.train.Checkpoints;
import dev.braid.driver.io.Json;
import dev.braid.driver.train.MetricsLog;
import dev.braid.driver.train.ProgressPrinter;
import dev.braid.driver.config.TrainingConfig;
import dev.braid.driver.train.RoundReport;
import dev.braid.driver.train.TimeBudget;
import dev.braid.driver.train.TrainState;
import dev.braid.driver.train.TrainingMaster;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The rounds of a run and what happens between them: metrics, progress, checkpoints every
 * {@code training.checkpointEvery} rounds and after every epoch's selection, rolled-back rounds
 * reported, and a checkpoint of the last consistent state when the process is told to stop
 * ({@link StopCheckpoint}).
 */
final class RoundLoop<D> {
    private final BraidConfig cfg;
    private final String config;
    private final PrintStream out;
    private final Checkpoints checkpoints;
    private final Fs fs;
    private final RunLayout layout;

    RoundLoop(BraidConfig cfg, String config, PrintStream out, Checkpoints checkpoints, Fs fs, RunLayout layout) {
        this.cfg = cfg;
        this.config = config;
        this.out = out;
        this.checkpoints = checkpoints;
        this.fs = fs;
        this.layout = layout;
    }

    /** Trains from {@code state} (updated in place); returns every round, {@code earlier} ones first. */
    List<RoundReport> train(JavaSparkContext sc, Prepared<D> data, TrainState state, Selection selection,
                            List<RoundReport> earlier, long start) {
        int epochs = cfg.training().epochs();
        List<RoundReport> rounds = new ArrayList<>(earlier);
        Checkpoints.Context context = new Checkpoints.Context(config, data.vocabularies(), data.fingerprint());
        TimeBudget budget = cfg.training().scheduleSpan() == TrainingConfig.ScheduleSpan.TIME
                ? new TimeBudget(cfg.training().timeLimit(), epochs, cfg.optimizer().warmupSteps()) : null;
        TrainingMaster<D> master = new TrainingMaster<>(sc, data.task(), cfg.training().averagingPeriod(),
                cfg.training().lossSpike(), cfg.training().maxRollbacks(), budget).naming(cfg.name());
        try (MetricsLog metrics = new MetricsLog(fs, layout.metrics(), earlier);
             ProgressPrinter progress = new ProgressPrinter(out);
             StopCheckpoint stop = new StopCheckpoint(checkpoints, context, state,
                     cfg.training().stopCheckpointTimeout(), out)) {
            TrainingMaster.Listener listener = new TrainingMaster.Listener() {
                @Override public void round(RoundReport r, TrainState s) {
                    metrics.write(r);
                    progress.update(r, epochs);
                    rounds.add(r);
                    // mid-epoch: a selection that scores epochs is consistent until the epoch ends
                    boolean consistent = !selection.scoresEpochs() || s.nextBatch() > 0;
                    if (consistent) {
                        stop.consistent(s, selection.snapshot());
                    }
                    if (consistent && r.round() % cfg.training().checkpointEvery() == 0) {
                        stop.write(s, selection.snapshot());
                    }
                }

                @Override public void rolledBack(RoundReport r, TrainState s) {
                    metrics.write(r);
                    rounds.add(r);
                    progress.close();
                    out.printf(Locale.ROOT, "Round %d rolled back: %s. Learning rate now %s x the schedule; training "
                            + "goes on from round %d (rollback %d of at most %d).%n", r.round(), r.rolledBack(),
                            s.rateScale(), s.rounds(), s.rollbacks(), cfg.training().maxRollbacks());
                }

                @Override public boolean epochEnd(TrainState s) {
                    progress.close();
                    if (budget != null && !budget.describe(s).isEmpty()) {
                        out.println("  " + budget.describe(s));
                    }
                    JobNames.phase(sc, cfg.name(), "validation-" + s.epoch(), "validation, epoch " + s.epoch());
                    boolean goOn = selection.afterEpoch(s, lastLoss(rounds));
                    writeEpochs(selection);
                    stop.write(s, selection.snapshot());
                    return goOn;
                }
            };
            try {
                master.train(data.blocks(), state, epochs, cfg.training().timeLimit(), start, earlier, listener);
            } catch (TrainingMaster.Diverged e) {
                // the state is back at the last good round: keep it, so that --resume (with a lower rate) starts there
                if (!selection.scoresEpochs() || state.nextBatch() > 0) {
                    stop.write(state, selection.snapshot());
                }
                throw e;
            }
            if (state.nextBatch() > 0 && selection.scoresEpochs()) {
                // the time limit stopped an epoch part-way: checkpoint it, then its parameters are candidates too
                stop.write(state, selection.snapshot());
                selection.afterEpoch(state, lastLoss(rounds));
                writeEpochs(selection);
            } else {
                stop.write(state, selection.snapshot());
            }
        }
        if (rounds.stream().noneMatch(RoundReport::counts)) {
            throw new UserError("No round finished within training.timeLimit=" + cfg.training().timeLimit()
                    + "; raise the limit.");
        }
        return rounds;
    }

    /** {@code epochs.json}: what the run report plots per epoch, readable while the run goes on. */
    private void writeEpochs(Selection selection) {
        if (!selection.epochs().isEmpty()) {
            fs.writeAtomically(layout.epochs(), Json.indented(selection.epochs()));
        }
    }

    private static double lastLoss(List<RoundReport> rounds) {
        for (int i = rounds.size() - 1; i >= 0; i--) {
            if (rounds.get(i).counts()) {
                return rounds.get(i).loss();
            }
        }
        return Double.NaN;
    }
}
