package dev.braid.driver.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a round that diverged from one that counts: a partition met a non-finite loss or gradient, the
 * averaged parameters or loss are not finite, or the loss spiked. A spike is Marian's test with a round
 * as the short window: the round's mean loss (over its K minibatches of every worker) above
 * {@code spikeFactor} times the mean of the last {@value #LONG} rounds that counted (once there are
 * {@value #MIN_HISTORY}). The window is seeded from a resumed run's earlier rounds, so a resumed run
 * decides as an uninterrupted one.
 */
final class DivergenceGuard {
    static final int LONG = 50;
    static final int MIN_HISTORY = 10;
    private final double spikeFactor;
    private final Deque<Double> history = new ArrayDeque<>();
    private double sum;

    /** {@code spikeFactor} 0 turns the spike test off; non-finite values are always caught. */
    DivergenceGuard(double spikeFactor, List<RoundReport> earlier) {
        this.spikeFactor = spikeFactor;
        earlier.stream().filter(RoundReport::counts).forEach(r -> accept(r.loss()));
    }

    /** Why the round diverged, or empty when it counts. */
    Optional<String> check(RoundReport r, List<String> nonFinite, float[] params) {
        if (!nonFinite.isEmpty()) {
            return Optional.of("non-finite loss or gradient in " + String.join(", ", nonFinite));
        }
        if (!Double.isFinite(r.loss())) {
            return Optional.of("non-finite mean loss " + r.loss());
        }
        for (int i = 0; i < params.length; i++) {
            if (!Float.isFinite(params[i])) {
                return Optional.of("non-finite averaged parameter " + i + " (" + params[i] + ")");
            }
        }
        if (spikeFactor > 0 && history.size() >= MIN_HISTORY && r.loss() > spikeFactor * sum / history.size()) {
            return Optional.of(String.format(Locale.ROOT, "loss spike: %.4f, above %s x the mean %.4f of the last %d rounds",
                    r.loss(), spikeFactor, sum / history.size(), history.size()));
        }
        return Optional.empty();
    }

    /** Takes a round that counts into the long window. */
    void accept(double loss) {
        history.addLast(loss);
        sum += loss;
        if (history.size() > LONG) {
            sum -= history.removeFirst();
        }
    }
}
