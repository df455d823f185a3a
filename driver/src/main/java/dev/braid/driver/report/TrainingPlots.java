package dev.braid.driver.report;

import dev.braid.driver.run.Selection;
import dev.braid.driver.train.RoundReport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The plots every run has, from its rounds and scored epochs: training loss (rolled-back rounds and
 * lost executors marked), the validation figure it selects on, throughput, where a round's time went,
 * the learning rate and the gradient norm.
 */
final class TrainingPlots {
    private TrainingPlots() {
    }

    static List<Plot> of(RunRecord run) {
        List<Plot> plots = new ArrayList<>();
        List<RoundReport> counted = run.counted();
        plots.add(loss(run));
        if (!run.epochs().isEmpty()) {
            plots.add(validation(run.epochs()));
        }
        plots.add(Plot.of("throughput", "Training throughput: tokens (or examples) per second of each round's wall time.",
                Charts.lines("Throughput", "round", "tokens / s", List.of(line("tokens/s", counted, RoundReport::tokensPerSecond)),
                        false)));
        plots.add(Plot.of("round-time", "Where each round's wall time went: broadcasting the parameters, the slowest "
                + "task's training, aggregating the results beyond that task, and the driver's own work (the rest).",
                Charts.lines("Round time split", "round", "seconds", List.of(
                        line("broadcast", counted, RoundReport::broadcastSeconds),
                        line("compute (slowest task)", counted, RoundReport::maxTaskComputeSeconds),
                        line("aggregation", counted, RoundReport::aggregateSeconds),
                        line("driver", counted, r -> Math.max(0, r.seconds() - r.broadcastSeconds()
                                - r.maxTaskComputeSeconds() - r.aggregateSeconds()))), false)));
        if (counted.stream().anyMatch(r -> r.learningRate() > 0)) {
            plots.add(Plot.of("learning-rate", "The learning rate of each round's last update (the schedule times the "
                    + "factor rollbacks left).", Charts.lines("Learning rate", "round", "rate",
                    List.of(line("learning rate", counted, RoundReport::learningRate)), false)));
        }
        if (counted.stream().anyMatch(r -> r.gradNorm() > 0)) {
            Charts.Line norms = line("gradient norm", counted, RoundReport::gradNorm);
            plots.add(Plot.of("gradient-norm", "The mean global gradient norm of each round's updates, before clipping.",
                    Charts.lines("Gradient norm", "round", "L2 norm", List.of(norms), spansOrders(norms.y()))));
        }
        return plots;
    }

    private static Plot loss(RunRecord run) {
        List<Charts.Line> lines = new ArrayList<>();
        lines.add(line("training loss", run.counted(), RoundReport::loss));
        List<double[]> rolled = new ArrayList<>();
        List<double[]> lost = new ArrayList<>();
        for (RoundReport r : run.rounds()) {
            if (!r.counts() && Double.isFinite(r.loss())) {
                rolled.add(new double[] {r.round(), r.loss()});
            }
            if (r.executorsLost() > 0 && Double.isFinite(r.loss())) {
                lost.add(new double[] {r.round(), r.loss()});
            }
        }
        lines.add(Charts.Line.of("rolled back", rolled, true).colored(Charts.ROLLED_BACK));
        lines.add(Charts.Line.of("executor lost", lost, true).colored(Charts.EXECUTOR_LOST));
        if (!run.epochs().isEmpty()) {
            List<double[]> epochEnds = new ArrayList<>();
            for (Selection.EpochFigures e : run.epochs()) {
                long round = lastRoundOf(run.counted(), e.epoch());
                if (round > 0 && Double.isFinite(e.trainLoss())) {
                    epochEnds.add(new double[] {round, e.trainLoss()});
                }
            }
            lines.add(Charts.Line.of("epoch end", epochEnds, true).colored(Charts.EPOCH_END));
        }
        long rolledBack = run.rounds().stream().filter(r -> !r.counts()).count();
        int executors = run.rounds().stream().mapToInt(RoundReport::executorsLost).sum();
        return Plot.of("loss", String.format(java.util.Locale.ROOT, "Training loss per round (mean over the round's "
                + "batches, nats per token); %d round(s) rolled back, %d executor(s) lost.", rolledBack, executors),
                Charts.lines("Training loss", "round", "loss", lines, spansOrders(lines.get(0).y())));
    }

    private static Plot validation(List<Selection.EpochFigures> epochs) {
        String metric = epochs.get(0).validation().keySet().iterator().next();
        List<double[]> points = new ArrayList<>();
        List<double[]> train = new ArrayList<>();
        for (Selection.EpochFigures e : epochs) {
            Double v = e.validation().get(metric);
            if (v != null && Double.isFinite(v)) {
                points.add(new double[] {e.epoch(), v});
            }
        }
        return Plot.of("validation", "The validation figure the run selects its model on, after each epoch ("
                + String.join(", ", epochs.get(epochs.size() - 1).validation().keySet()) + " are in epochs.json).",
                Charts.lines("Validation " + metric, "epoch", metric, List.of(Charts.Line.of(metric, points, false)),
                        false));
    }

    /** Values that fall or rise by more than ten times read better on a log scale. */
    private static boolean spansOrders(double[] values) {
        double max = java.util.Arrays.stream(values).filter(Double::isFinite).max().orElse(1);
        double min = java.util.Arrays.stream(values).filter(Double::isFinite).min().orElse(1);
        return min > 0 && max / min > 10;
    }

    private static long lastRoundOf(List<RoundReport> rounds, int epoch) {
        long last = 0;
        for (RoundReport r : rounds) {
            if (r.epoch() == epoch - 1) {
                last = r.round();
            }
        }
        return last;
    }

    private static Charts.Line line(String name, List<RoundReport> rounds, ToDoubleFunction<RoundReport> y) {
        List<double[]> points = new ArrayList<>();
        for (RoundReport r : rounds) {
            double v = y.applyAsDouble(r);
            if (Double.isFinite(v)) {
                points.add(new double[] {r.round(), v});
            }
        }
        return Charts.Line.of(name, points, false);
    }
}
