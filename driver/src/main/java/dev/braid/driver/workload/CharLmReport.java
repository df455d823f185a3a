package dev.braid.driver.workload;

import dev.braid.driver.io.Json;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.EvalConfig;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.train.RoundReport;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.DynamicSpec;
import dev.braid.worker.infer.Sampler;
import dev.braid.worker.mix.MixSpec;
import dev.braid.worker.model.StackModel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a char-LM run reports after training: the budget it used, held-out bits per character (static,
 * and dynamic and mixed with n-gram models when configured), samples; printed and written to the run's report.json.
 */
public record CharLmReport(String name, int cores, int workers, double trainSeconds, long rounds, long iterations,
                           double charsTrained, double epochsSeen, double charsPerSecond, double firstLoss,
                           double lastLoss, HeldOutText.Score heldOut, HeldOutText.Score heldOutDynamic,
                           HeldOutText.Score heldOutMixed, List<String> samples) {

    static CharLmReport evaluate(BraidConfig cfg, Fs fs, List<RoundReport> rounds, long iterations, long corpusChars,
                                 StackModel model, Vocabulary vocab, PrintStream out) {
        RoundReport first = rounds.get(0);
        RoundReport last = rounds.get(rounds.size() - 1);
        double chars = rounds.stream().mapToDouble(RoundReport::tokens).sum();
        out.printf(Locale.ROOT, "Trained %d rounds (%d batches per worker, %.2f epochs) in %.0f s: loss %.3f -> %.3f nats/char "
                        + "(%.0f%% lower), %,.0f chars/s%n", rounds.size(), iterations, chars / corpusChars,
                last.elapsedSeconds(), first.loss(), last.loss(), 100 * (1 - last.loss() / first.loss()),
                chars / last.elapsedSeconds());
        EvaluationPlan.Scores scores = new EvaluationPlan(cfg).showingProgress(out).run(fs, model, vocab, cfg.data().test(),
                true);
        print(out, cfg, scores);
        List<String> samples = new ArrayList<>();
        for (String prime : cfg.eval().primes()) {
            String s = Sampler.sample(model, vocab, prime, cfg.eval().sampleLength(), cfg.eval().temperature(), cfg.seed());
            samples.add(s);
            out.printf(Locale.ROOT, "Sample (temperature %.2f) \"%s\"%s%n", cfg.eval().temperature(), prime, s);
        }
        return new CharLmReport(cfg.name(), Runtime.getRuntime().availableProcessors(), cfg.training().workers(),
                last.elapsedSeconds(), rounds.size(), iterations, chars, chars / corpusChars, chars / last.elapsedSeconds(),
                first.loss(), last.loss(), scores.staticScore(), scores.dynamic(), scores.mixed(), samples);
    }

    /** The scores of the plan, each on its line, named by how they were computed. */
    private static void print(PrintStream out, BraidConfig cfg, EvaluationPlan.Scores scores) {
        EvalConfig e = cfg.eval();
        String dynamic = e.dynamicLearningRate() > 0 ? ", dynamic evaluation (" + describe(e.dynamic()) + ")" : "";
        if (scores.staticScore() != null) {
            print(out, "Held-out", scores.staticScore());
        }
        for (int i = 0; i < scores.companions().size(); i++) {
            print(out, "Held-out, companion network " + e.mixNetworks().get(i) + dynamic, scores.companions().get(i));
        }
        if (scores.dynamic() != null) {
            print(out, "Held-out" + dynamic, scores.dynamic());
        }
        if (scores.mixed() != null) {
            print(out, "Held-out, " + (scores.dynamic() != null ? "dynamic evaluation " : "") + "mixed with n-gram models ("
                    + describe(e.mix().orElseThrow(), e.mixText()) + ")" + (scores.companions().isEmpty() ? ""
                    : " and " + e.mixNetworks().size() + " companion network(s)"), scores.mixed());
        }
    }

    static String describe(MixSpec m, String countText) {
        return String.format(Locale.ROOT, "orders %s counted from %s, mixing lr %s", m.orders(), countText, m.learningRate());
    }

    static String describe(DynamicSpec d) {
        return String.format(Locale.ROOT, "%s, lr %s, %s%d-char segments", d.rule().name().toLowerCase(Locale.ROOT),
                d.learningRate(), d.rule() == DynamicSpec.Rule.RMS ? "decay " + d.decay() + ", " : "", d.segmentLength());
    }

    private static void print(PrintStream out, String what, HeldOutText.Score s) {
        out.printf(Locale.ROOT, "%s %s (%,d chars, %d outside the vocabulary): %.3f bits/char, %.3f bits/byte%n",
                what, s.data(), s.chars(), s.unknown(), s.bitsPerChar(), s.bitsPerByte());
    }

    void write(Fs fs, RunLayout layout) {
        fs.writeAtomically(layout.report(), Json.indented(this));
    }
}
