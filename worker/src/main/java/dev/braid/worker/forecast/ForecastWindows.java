package dev.braid.worker.forecast;

import dev.braid.worker.model.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A forecaster's data as windows of {@code window} consecutive days, each a row of a batch that starts
 * from a zero state: at every step t the model reads day t and predicts days t+1..t+H (many-to-many over
 * the shifted series). Its first steps only warm the state up: a head's {@code stepWeights.skipFirst}
 * leaves them out of the loss. A window is named by its last day, its origin.
 */
public final class ForecastWindows {
    private ForecastWindows() {
    }

    /**
     * Training windows whose targets all lie in days {@code [0, end)}: origins {@code first+window-1},
     * {@code first+window-1+stride}, ... up to {@code end-1-H} (first: the first day whose lags all lie in
     * the series), in an order shuffled by {@code rng}, in batches of up to {@code rows}.
     */
    public static List<Batch> training(ForecastInputs in, int end, int window, int stride, int rows, SplittableRandom rng) {
        return training(List.of(in), new int[] {end}, window, stride, rows, rng);
    }

    /**
     * The same over a set of series (series {@code s} trained on its rows {@code [0, ends[s])}): the windows
     * of every series shuffled together, so a batch mixes series.
     */
    public static List<Batch> training(List<ForecastInputs> ins, int[] ends, int window, int stride, int rows,
                                       SplittableRandom rng) {
        // (series << 32 | origin), in series order, then origin order: one series' list is its origins
        List<Long> windows = new ArrayList<>();
        for (int s = 0; s < ins.size(); s++) {
            ForecastInputs in = ins.get(s);
            for (int o = in.firstDay() + window - 1; o + in.horizon() < ends[s]; o += stride) {
                windows.add((long) s << 32 | o);
            }
        }
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no training window: " + Arrays.toString(ends) + " training days are fewer "
                    + "than a window of " + window + " days and a horizon of " + ins.get(0).horizon());
        }
        for (int i = windows.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Long tmp = windows.get(i);
            windows.set(i, windows.get(j));
            windows.set(j, tmp);
        }
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < windows.size(); from += rows) {
            List<Long> part = windows.subList(from, Math.min(windows.size(), from + rows));
            List<ForecastInputs> of = part.stream().map(w -> ins.get((int) (w >>> 32))).toList();
            out.add(batch(of, part.stream().mapToInt(w -> (int) (long) w).toArray(), window, true));
        }
        return out;
    }

    /** One batch of the windows ending at {@code origins} (each >= window-1), for forecasting from them. */
    public static Batch atOrigins(ForecastInputs in, int[] origins, int window) {
        return batch(java.util.Collections.nCopies(origins.length, in), origins, window, false);
    }

    /** Row b: the window of {@code ins.get(b)} ending at {@code origins[b]}. */
    private static Batch batch(List<ForecastInputs> ins, int[] origins, int window, boolean targets) {
        int rows = origins.length;
        int width = ins.get(0).width();
        int h = ins.get(0).horizon();
        float[] features = new float[window * rows * width];
        float[] values = new float[window * rows * h];
        float[] weights = new float[window * rows];
        for (int b = 0; b < rows; b++) {
            ForecastInputs in = ins.get(b);
            int start = origins[b] - window + 1;
            if (start < in.firstDay()) {
                throw new IllegalArgumentException("origin " + origins[b] + " has fewer than " + window + " days (after the "
                        + in.firstDay() + " its lags need) before it");
            }
            for (int s = 0; s < window; s++) {
                int i = s * rows + b;
                in.write(start + s, features, i * width);
                if (targets) {
                    for (int j = 0; j < h; j++) {
                        values[i * h + j] = in.target(start + s + 1 + j);
                    }
                    weights[i] = 1;
                }
            }
        }
        return new Batch(rows, window, null, features, null, null, 0, null, null, null, values, weights);
    }
}
