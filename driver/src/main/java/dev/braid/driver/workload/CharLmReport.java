package dev.braid.driver.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.EvalConfig;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.train.RoundReport;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.DynamicSpec;
import dev.braid.worker.infer.Sampler;
import dev.braid.worker.mix.MixSpec;
import dev.braid.worker.mix.NgramMixer;
import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.model.LanguageModel;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a char-LM run reports after training: the budget it used, held-out bits per character (static,
 * and dynamic and mixed with n-gram models when configured), samples; printed and written to the run's report.json.
 */
public record CharLmReport(String name, int cores, int workers, double trainSeconds, long rounds, long iterations,
                           double charsTrained, double epochsSeen, double charsPerSecond, double firstLoss,
                           double lastLoss, HeldOutText.Score heldOut, HeldOutText.Score heldOutDynamic,
                           HeldOutText.Score heldOutMixed, List<String> samples) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static CharLmReport evaluate(BraidConfig cfg, Fs fs, List<RoundReport> rounds, long iterations, long corpusChars,
                                 LanguageModel model, Vocabulary vocab, PrintStream out) {
        RoundReport first = rounds.get(0);
        RoundReport last = rounds.get(rounds.size() - 1);
        double chars = rounds.stream().mapToDouble(RoundReport::tokens).sum();
        out.printf(Locale.ROOT, "Trained %d rounds (%d batches per worker, %.2f epochs) in %.0f s: loss %.3f -> %.3f nats/char "
                        + "(%.0f%% lower), %,.0f chars/s%n", rounds.size(), iterations, chars / corpusChars,
                last.elapsedSeconds(), first.loss(), last.loss(), 100 * (1 - last.loss() / first.loss()),
                chars / last.elapsedSeconds());
        BlasThreads.set(Math.max(1, Runtime.getRuntime().availableProcessors()));
        String text = HeldOutText.read(fs, cfg.data().test(), cfg.eval().maxChars());
        HeldOutText.Score score = HeldOutText.score(model, vocab, cfg.data().test(), text, cfg.eval().streams(),
                cfg.training().seqLength());
        print(out, "Held-out", score);
        HeldOutText.Mixed adaptive = adaptiveScores(cfg, fs, model, vocab, text, out);
        List<String> samples = new ArrayList<>();
        for (String prime : cfg.eval().primes()) {
            String s = Sampler.sample(model, vocab, prime, cfg.eval().sampleLength(), cfg.eval().temperature(), cfg.seed());
            samples.add(s);
            out.printf(Locale.ROOT, "Sample (temperature %.2f) \"%s\"%s%n", cfg.eval().temperature(), prime, s);
        }
        return new CharLmReport(cfg.name(), Runtime.getRuntime().availableProcessors(), cfg.training().workers(),
                last.elapsedSeconds(), rounds.size(), iterations, chars, chars / corpusChars, chars / last.elapsedSeconds(),
                first.loss(), last.loss(), score, adaptive.network(), adaptive.mixed(), samples);
    }

    /**
     * Dynamic evaluation and context mixing, as configured: one pass serves both when both are on
     * (the mixer sees the adapting network's predictions). Either score is null when it is off.
     */
    private static HeldOutText.Mixed adaptiveScores(BraidConfig cfg, Fs fs, LanguageModel model, Vocabulary vocab,
                                                    String text, PrintStream out) {
        String test = cfg.data().test();
        List<String> companions = cfg.eval().mixNetworks();
        Optional<NgramMixer> mixer = cfg.eval().mix().map(m -> HeldOutText.mixer(fs, m, model, vocab, cfg.eval().mixText(),
                1 + companions.size()));
        if (!companions.isEmpty()) {
            return withCompanions(cfg, fs, model, vocab, text, mixer.orElseThrow(), out);
        }
        HeldOutText.Mixed scores;
        if (cfg.eval().dynamicLearningRate() > 0) {
            DynamicSpec spec = cfg.eval().dynamic();
            String calibration = HeldOutText.calibration(fs, spec, cfg.data().train(), cfg.eval().dynamicCalibrationChars());
            scores = mixer.isPresent()
                    ? HeldOutText.scoreDynamicMixed(model, vocab, test, text, calibration, spec, mixer.get())
                    : new HeldOutText.Mixed(HeldOutText.scoreDynamic(model, vocab, test, text, calibration, spec), null);
            print(out, "Held-out, dynamic evaluation (" + describe(spec) + ")", scores.network());
        } else {
            scores = new HeldOutText.Mixed(null, mixer.isPresent() ? HeldOutText.scoreMixed(model, vocab, test, text,
                    cfg.training().seqLength(), mixer.get()).mixed() : null);
        }
        if (scores.mixed() != null) {
            print(out, "Held-out, " + (scores.network() != null ? "dynamic evaluation " : "") + "mixed with n-gram models ("
                    + describe(cfg.eval().mix().orElseThrow(), cfg.eval().mixText()) + ")", scores.mixed());
        }
        return scores;
    }

    /** As {@link #adaptiveScores}, the companion networks ({@code eval.mixNetworks}) reading beside the model. */
    private static HeldOutText.Mixed withCompanions(BraidConfig cfg, Fs fs, LanguageModel model, Vocabulary vocab, String text,
                                                    NgramMixer mixer, PrintStream out) {
        EvalConfig e = cfg.eval();
        Optional<DynamicSpec> dynamic = e.dynamicLearningRate() > 0 ? Optional.of(e.dynamic()) : Optional.empty();
        String calibration = dynamic.map(d -> HeldOutText.calibration(fs, d, cfg.data().train(), e.dynamicCalibrationChars()))
                .orElse("");
        HeldOutText.Ensemble scores = HeldOutText.scoreWithCompanions(model, vocab, cfg.data().test(), text, calibration,
                dynamic, dynamic.map(DynamicSpec::segmentLength).orElse(cfg.training().seqLength()),
                CompanionNetworks.load(fs, e.mixNetworks(), vocab, calibration), mixer);
        String how = dynamic.map(d -> ", dynamic evaluation (" + describe(d) + ")").orElse("");
        for (int i = 0; i < scores.companions().size(); i++) {
            print(out, "Held-out, companion network " + e.mixNetworks().get(i) + how, scores.companions().get(i));
        }
        if (dynamic.isPresent()) {
            print(out, "Held-out" + how, scores.scores().network());
        }
        print(out, "Held-out, " + (dynamic.isPresent() ? "dynamic evaluation " : "") + "mixed with n-gram models ("
                + describe(e.mix().orElseThrow(), e.mixText()) + ") and " + e.mixNetworks().size() + " companion network(s)",
                scores.scores().mixed());
        return new HeldOutText.Mixed(dynamic.isPresent() ? scores.scores().network() : null, scores.scores().mixed());
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
        try {
            fs.writeAtomically(layout.report(), JSON.writeValueAsString(this).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
