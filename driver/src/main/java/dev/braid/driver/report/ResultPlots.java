package dev.braid.driver.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.braid.driver.io.Fs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The plots of a finished run's results, by what the run wrote: a classifier's confusion matrix and ROC
 * curve on its test documents ({@code split.tsv}), a forecaster's one-step-ahead forecasts against what
 * happened ({@code report.json}).
 */
final class ResultPlots {
    private ResultPlots() {
    }

    static List<Plot> of(Fs fs, RunRecord run) {
        List<Plot> plots = new ArrayList<>();
        JsonNode results = run.results();
        if (results == null) {
            return plots;
        }
        if (results.has("labels") && fs.exists(run.layout().split())) {
            List<Scored> test = testDocuments(fs, run, results.get("labels"));
            if (!test.isEmpty()) {
                plots.add(confusion(test, results.get("labels")));
                plots.add(roc(test));
            }
        }
        JsonNode trace = results.get("oneAhead");
        if (trace != null && !trace.isNull()) {
            plots.add(forecast(trace));
        }
        return plots;
    }

    /** A test document: whether it is of the positive class, and the model's probability that it is. */
    record Scored(boolean positive, double probability) {
    }

    private static List<Scored> testDocuments(Fs fs, RunRecord run, JsonNode labels) {
        String positive = labels.get(labels.size() - 1).asText() + "/";
        List<Scored> out = new ArrayList<>();
        String text = new String(fs.readBytesUnchecked(run.layout().split()), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 3 && f[1].equals("test") && !f[2].isEmpty()) {
                out.add(new Scored(f[0].startsWith(positive), Double.parseDouble(f[2])));
            }
        }
        return out;
    }

    private static Plot confusion(List<Scored> test, JsonNode labels) {
        String neg = labels.get(0).asText();
        String pos = labels.get(labels.size() - 1).asText();
        int[][] cells = new int[2][2];
        for (Scored s : test) {
            cells[s.positive() ? 1 : 0][s.probability() >= 0.5 ? 1 : 0]++;
        }
        return Plot.of("confusion", String.format(java.util.Locale.ROOT, "Confusion matrix of the %,d test documents at "
                + "probability 0.5: rows the true class, columns the predicted.", test.size()),
                Charts.heat("Confusion matrix (test)", "predicted", "true", List.of(neg, pos), List.of(neg, pos), cells));
    }

    /** The ROC curve: thresholds at every distinct probability, from the highest down. */
    private static Plot roc(List<Scored> test) {
        List<Scored> sorted = new ArrayList<>(test);
        sorted.sort(Comparator.comparingDouble(Scored::probability).reversed());
        long positives = sorted.stream().filter(Scored::positive).count();
        long negatives = sorted.size() - positives;
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0});
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).positive()) {
                tp++;
            } else {
                fp++;
            }
            boolean tieNext = i + 1 < sorted.size() && sorted.get(i + 1).probability() == sorted.get(i).probability();
            if (!tieNext) {
                points.add(new double[] {negatives == 0 ? 0 : (double) fp / negatives, positives == 0 ? 0 : (double) tp / positives});
            }
        }
        List<Charts.Line> lines = List.of(Charts.Line.of("model", points, false),
                new Charts.Line("chance", new double[] {0, 1}, new double[] {0, 1}, false));
        return Plot.of("roc", String.format(java.util.Locale.ROOT, "ROC curve of the test documents (%,d positive, %,d "
                + "negative).", positives, negatives), Charts.lines("ROC (test)", "false positive rate",
                "true positive rate", lines, false));
    }

    private static Plot forecast(JsonNode trace) {
        JsonNode actual = trace.get("actual");
        JsonNode ahead = trace.get("forecast");
        double[] x = new double[actual.size()];
        double[] a = new double[actual.size()];
        double[] f = new double[actual.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            a[i] = actual.get(i).asDouble();
            f[i] = ahead.get(i).asDouble();
        }
        String first = trace.get("days").get(0).asText();
        String series = trace.get("series").asText();
        return Plot.of("forecast", "The model's forecast one step ahead from every test origin of series '" + series
                + "', beside what happened (rolling origin; the report's errors cover every horizon).",
                Charts.lines("Forecast vs actual, one step ahead", "steps from " + first, "value", List.of(
                        new Charts.Line("actual", x, a, false), new Charts.Line("forecast", x, f, false)), false));
    }
}
