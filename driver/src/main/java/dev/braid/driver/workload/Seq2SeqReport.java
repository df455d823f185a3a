package dev.braid.driver.workload;

import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.run.Workload;
import dev.braid.driver.train.RoundReport;
import dev.braid.worker.data.BatchSet;
import java.io.PrintStream;
import java.util.List;

/**
 * What an encoder-decoder run reports (report.json): the budget it used, its data counts, the
 * validation history and the choice, and the test set scored once, greedy and with beam search (and, for
 * translation, the baselines' scores on it).
 */
public record Seq2SeqReport(String name, int cores, int workers, double trainSeconds, int epochs, long rounds, long pairs,
                            long truncated, long refused, double targetTokensPerSecond, double pairsPerSecond,
                            List<EpochScore> validation, int bestEpoch, String selected, ReferenceSet.Scores testGreedy,
                            ReferenceSet.Scores testBeam, List<TranslationBaselines.Baseline> baselines,
                            List<String> examples) {
    /** Test sources the run report shows the attention of: the first few of at most this many characters. */
    static final int EXAMPLES = 3;
    static final int EXAMPLE_CHARS = 90;

    /** Validation after one epoch. */
    public record EpochScore(int epoch, double trainLoss, ReferenceSet.Scores validation) {
    }

    static Seq2SeqReport of(BraidConfig cfg, Workload.Trained<BatchSet> trained, long pairs, long truncated, long refused,
                            long targetTokens, List<EpochScore> history, int bestEpoch, ReferenceSet.Scores greedy,
                            ReferenceSet.Scores beam, List<TranslationBaselines.Baseline> baselines, List<String> testSources,
                            PrintStream out) {
        out.println("Test " + greedy);
        out.println("Test " + beam);
        double seconds = trained.trainSeconds();
        double tokens = trained.rounds().stream().filter(RoundReport::counts).mapToDouble(RoundReport::tokens).sum();
        return new Seq2SeqReport(cfg.name(), Runtime.getRuntime().availableProcessors(), cfg.training().workers(), seconds,
                trained.state().epoch(), trained.state().rounds(), pairs, truncated, refused, tokens / seconds,
                pairs * (tokens / Math.max(1, targetTokens)) / seconds, history, bestEpoch, trained.choice().name(), greedy,
                beam, baselines, testSources.stream().filter(t -> !t.isBlank() && t.length() <= EXAMPLE_CHARS).limit(EXAMPLES)
                        .toList());
    }
}
