package dev.braid.driver.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.braid.driver.train.RoundReport;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's HTML: one self-contained page (inline style, no scripts, no address outside the run
 * directory) with the run's summary, its plots by relative path, its results and its config.
 */
final class ReportPage {
    private ReportPage() {
    }

    static String html(RunRecord run, List<Plot> plots, List<String> notes, String plotDir, String generated) {
        StringBuilder h = new StringBuilder(16_384);
        String title = "Braid run " + run.layout().root().getName();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>").append(STYLE).append("</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n<p class=\"sub\">workload ").append(esc(run.workload()))
                .append(" · ").append(run.finished() ? "finished" : "in progress or stopped (report of what it has written)")
                .append(" · generated ").append(esc(generated)).append("</p>\n");
        h.append(summary(run));
        for (String note : notes) {
            h.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
        }
        h.append("<div class=\"plots\">\n");
        for (Plot p : plots) {
            h.append("<figure><img src=\"").append(plotDir).append('/').append(p.name()).append(".png\" alt=\"")
                    .append(esc(p.name())).append("\"><figcaption>").append(esc(p.caption())).append("</figcaption></figure>\n");
        }
        h.append("</div>\n");
        if (!run.epochs().isEmpty()) {
            h.append(epochs(run));
        }
        if (run.results() != null) {
            h.append("<h2>Results (report.json)</h2>\n").append(table(run.results()));
        }
        h.append("<h2>Configuration (config.conf)</h2>\n<details><summary>the resolved configuration</summary><pre>")
                .append(esc(run.config())).append("</pre></details>\n</body></html>\n");
        return h.toString();
    }

    private static String summary(RunRecord run) {
        List<RoundReport> counted = run.counted();
        StringBuilder h = new StringBuilder("<table class=\"kv\">");
        if (!counted.isEmpty()) {
            RoundReport first = counted.get(0);
            RoundReport last = counted.get(counted.size() - 1);
            double tokens = counted.stream().mapToDouble(RoundReport::tokens).sum();
            double seconds = counted.stream().mapToDouble(RoundReport::seconds).sum();
            row(h, "rounds", String.format(Locale.ROOT, "%,d (and %,d rolled back)", counted.size(),
                    run.rounds().size() - counted.size()));
            row(h, "updates", String.format(Locale.ROOT, "%,d", last.iteration()));
            row(h, "epoch", String.format(Locale.ROOT, "%d, batch %,d of %,d", last.epoch() + 1, last.batchEnd(),
                    last.batchesInEpoch()));
            row(h, "training loss", String.format(Locale.ROOT, "%.4f → %.4f", first.loss(), last.loss()));
            row(h, "elapsed", String.format(Locale.ROOT, "%.1f min", last.elapsedSeconds() / 60));
            row(h, "throughput", String.format(Locale.ROOT, "%,.0f tokens/s (mean over rounds)", tokens / seconds));
            row(h, "executors lost", Integer.toString(run.rounds().stream().mapToInt(RoundReport::executorsLost).sum()));
        } else {
            row(h, "rounds", "none yet");
        }
        return h.append("</table>\n").toString();
    }

    private static String epochs(RunRecord run) {
        StringBuilder h = new StringBuilder("<h2>Validation by epoch (epochs.json)</h2>\n<table><tr><th>epoch</th><th>train loss</th>");
        Map<String, Double> names = run.epochs().get(run.epochs().size() - 1).validation();
        names.keySet().forEach(k -> h.append("<th>").append(esc(k)).append("</th>"));
        h.append("</tr>\n");
        run.epochs().forEach(e -> {
            h.append("<tr><td>").append(e.epoch()).append("</td><td>").append(num(e.trainLoss())).append("</td>");
            names.keySet().forEach(k -> h.append("<td>").append(e.validation().containsKey(k) ? num(e.validation().get(k)) : "")
                    .append("</td>"));
            h.append("</tr>\n");
        });
        return h.append("</table>\n").toString();
    }

    /** A JSON object as nested tables; long arrays are summarised, not listed. */
    private static String table(JsonNode node) {
        if (node.isObject()) {
            StringBuilder h = new StringBuilder("<table class=\"kv\">");
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                row(h, e.getKey(), table(e.getValue()));
            }
            return h.append("</table>").toString();
        }
        if (node.isArray()) {
            if (node.size() > 12 || node.size() == 0) {
                return esc("[" + node.size() + " values]");
            }
            StringBuilder h = new StringBuilder();
            node.forEach(v -> h.append(h.length() == 0 ? "" : v.isContainerNode() ? "<br>" : ", ").append(table(v)));
            return h.toString();
        }
        if (node.isNumber()) {
            return num(node.asDouble());
        }
        String text = node.isNull() ? "—" : node.asText();
        return esc(text.length() > 400 ? text.substring(0, 400) + "…" : text);
    }

    private static void row(StringBuilder h, String key, String valueHtml) {
        h.append("<tr><th>").append(esc(key)).append("</th><td>").append(valueHtml).append("</td></tr>\n");
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.1f" : "%.4g", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1500px;color:#222;"
            + "padding:0 1em}h1{margin-bottom:0}.sub{color:#666;margin-top:.3em}.note{color:#8a5a00}"
            + ".plots{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0;width:720px;max-width:100%}"
            + "figure img{width:100%;border:1px solid #ddd}figcaption{font-size:.85em;color:#555}"
            + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:2px 8px;text-align:left;"
            + "vertical-align:top;font-size:.9em}th{background:#f6f6f6}pre{font-size:.8em;background:#f8f8f8;padding:1em;"
            + "overflow:auto}";
}
