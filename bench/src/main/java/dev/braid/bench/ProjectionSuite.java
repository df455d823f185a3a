package dev.braid.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A projection, on paper, of round time and parallel efficiency for 8, 64 and 256 workers, from the
 * per-round costs the scale suite measured and the parameter size. A model, not a measurement:
 * <ul>
 *   <li>compute per round stays the measured 1-worker task compute (weak scaling, K fixed);</li>
 *   <li>broadcast: torrent broadcast of parameters and Adam moments (3P floats) reaches W executors in
 *       about log2(W) + 1 block-transfer times at link bandwidth BW;</li>
 *   <li>aggregation: each result (3P floats) crosses one link into its tree level; with depth d, a
 *       node merges W^(1/d) results, each merge costs the measured per-result summation time;</li>
 *   <li>scheduling: the measured per-task overhead times W / executors launching in parallel (about
 *       log2 W waves).</li>
 * </ul>
 */
final class ProjectionSuite {
    static final double LINK_BYTES_PER_SECOND = 10e9 / 8;

    Section run(Section scale) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) scale.data().get("rows");
        ScaleSuite.Run one = run(rows, 1, 10);
        ScaleSuite.Run two = run(rows, 2, 10);
        double bytes = 3.0 * one.params() * 4;
        double transfer = bytes / LINK_BYTES_PER_SECOND;
        double mergePerResult = Math.max(1e-4, (two.aggregate() - one.aggregate()));
        double scheduling = Math.max(0, one.aggregate() - mergePerResult);
        List<String> md = new ArrayList<>();
        md.add("| workers | tree depth | projected round s | compute s | broadcast s | aggregation s | efficiency |");
        md.add("|---|---|---|---|---|---|---|");
        List<Map<String, Object>> out = new ArrayList<>();
        for (int w : new int[] {8, 64, 256}) {
            for (int depth : new int[] {2, 3}) {
                double fan = Math.ceil(Math.pow(w, 1.0 / depth));
                double broadcast = (Math.log(w) / Math.log(2) + 1) * transfer;
                double aggregation = depth * fan * (transfer + mergePerResult) + scheduling * Math.log(w) / Math.log(2);
                double round = one.compute() + broadcast + aggregation;
                double eff = one.compute() / round;
                md.add(String.format(Locale.ROOT, "| %d | %d | %.3f | %.3f | %.3f | %.3f | %.2f |", w, depth, round,
                        one.compute(), broadcast, aggregation, eff));
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("workers", w);
                r.put("depth", depth);
                r.put("roundSeconds", round);
                r.put("efficiency", eff);
                out.add(r);
            }
        }
        md.add("");
        md.add(String.format(Locale.ROOT, "Inputs (measured in this run, K=10): compute %.3f s per round, %,d parameters "
                + "(%.1f MB of parameters and moments per transfer), per-result summation %.3f s, scheduling %.3f s; "
                + "assumed: %.0f Gbit/s links. A model, not a measurement.", one.compute(), one.params(), bytes / 1e6,
                mergePerResult, scheduling, LINK_BYTES_PER_SECOND * 8 / 1e9));
        return new Section("model", "Projected round time for 8, 64 and 256 workers", md, Map.of("rows", out));
    }

    private static ScaleSuite.Run run(List<Map<String, Object>> rows, int w, int k) {
        return rows.stream().map(r -> (ScaleSuite.Run) r.get("run")).filter(r -> r.workers() == w && r.k() == k)
                .findFirst().orElseThrow();
    }
}
