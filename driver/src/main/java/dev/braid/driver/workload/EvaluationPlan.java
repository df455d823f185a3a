package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.EvalConfig;
import dev.braid.driver.io.Fs;
import dev.braid.driver.train.TextProgress;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.DynamicEvaluator;
import dev.braid.worker.infer.DynamicSpec;
import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.mix.NgramMixer;
import dev.braid.worker.model.StackModel;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;

/**
 * The one held-out evaluation of a character model, as a config's {@code eval.*} settings say: the
 * network from a zero state (static), with dynamic evaluation, mixed with n-gram models, with companion
 * networks reading beside it — every pass the settings ask for, each once (the mixture comes from the
 * same pass as the dynamic evaluation when that is on). A run's report and {@code braid evaluate} (the
 * model's config with the command's options as overrides) both call {@link #run}.
 */
public final class EvaluationPlan {
    private final BraidConfig cfg;
    private final EvalConfig eval;
    private PrintStream progressOut;

    public EvaluationPlan(BraidConfig cfg) {
        this.cfg = cfg;
        this.eval = cfg.eval();
    }

    /**
     * What was scored: the network alone (static, over {@code eval.streams} streams), with dynamic
     * evaluation, the mixture, and each companion network's own score; what the settings did not ask
     * for is null (empty for companions).
     */
    public record Scores(HeldOutText.Score staticScore, HeldOutText.Score dynamic, HeldOutText.Score mixed,
                         List<HeldOutText.Score> companions) {
        /** The network's score in the pass that produced the mixture: adapting when dynamic evaluation is on. */
        public HeldOutText.Score network() {
            return dynamic != null ? dynamic : staticScore;
        }
    }

    /** Where the passes show their progress (none by default). */
    public EvaluationPlan showingProgress(PrintStream out) {
        this.progressOut = out;
        return this;
    }

    private TextProgress progress(String what) {
        return new TextProgress(progressOut == null ? new PrintStream(java.io.OutputStream.nullOutputStream()) : progressOut,
                what);
    }

    private Optional<DynamicSpec> dynamic() {
        return eval.dynamicLearningRate() > 0 ? Optional.of(eval.dynamic()) : Optional.empty();
    }

    /**
     * Every file the plan will read besides the held-out text, checked before anything is computed: the
     * calibration text of the RMS rule ({@code data.train}), the text the n-gram models count
     * ({@code eval.mixText}) and the companion networks ({@code eval.mixNetworks}).
     */
    public void check(Fs fs) {
        if (dynamic().map(d -> d.rule() == DynamicSpec.Rule.RMS).orElse(false) && !fs.hasDocuments(cfg.data().train())) {
            throw new UserError("The RMS rule of dynamic evaluation measures gradients on training text, and data.train="
                    + cfg.data().train() + " does not exist: give the model's training text (braid evaluate --calibration "
                    + "PATH), or use the sgd rule (--dynamic-rule sgd).");
        }
        if (eval.mix().isPresent() && !fs.hasDocuments(eval.mixText())) {
            throw new UserError("Mixing counts n-grams of eval.mixText=" + eval.mixText() + ", which does not exist: give the "
                    + "model's training text (braid evaluate --mix-text PATH), or leave mixing out.");
        }
        for (String companion : eval.mixNetworks()) {
            if (!fs.exists(new Path(companion, "model.json"))) {
                throw new UserError("The companion network " + companion + " (eval.mixNetworks or --mix-network) holds no "
                        + "trained model (no model.json): give the model/ directory of a trained character model, or none.");
            }
        }
    }

    /**
     * Scores {@code model} on the first {@code eval.maxChars} characters of {@code data}; with
     * {@code staticPass}, the static score is computed even when an adaptive pass is the main one (a
     * run's report shows both; {@code braid evaluate} shows the pass it was asked for).
     */
    public Scores run(Fs fs, StackModel model, Vocabulary vocab, String data, boolean staticPass) {
        check(fs);
        BlasThreads.allCores();
        String text = HeldOutText.read(fs, data, eval.maxChars());
        Optional<DynamicSpec> dynamic = dynamic();
        String calibration = dynamic.map(d -> HeldOutText.calibration(fs, d, cfg.data().train(),
                eval.dynamicCalibrationChars())).orElse("");
        List<String> companions = eval.mix().isPresent() ? eval.mixNetworks() : List.of();
        // companions are loaded (and checked) before the n-gram models spend minutes counting
        List<DynamicEvaluator.Companion> loaded = CompanionNetworks.load(fs, companions, vocab, calibration);
        Optional<NgramMixer> mixer = eval.mix().map(m -> HeldOutText.mixer(fs, m, model, vocab, eval.mixText(),
                1 + companions.size()));
        int seqLength = cfg.training().seqLength();
        HeldOutText.Score dyn = null;
        HeldOutText.Score stat = null;
        HeldOutText.Score mixed = null;
        List<HeldOutText.Score> companionScores = List.of();
        if (!companions.isEmpty()) {
            HeldOutText.Ensemble e;
            try (TextProgress p = progress("evaluation with companion networks")) {
                e = HeldOutText.scoreWithCompanions(model, vocab, data, text, calibration, dynamic,
                        dynamic.map(DynamicSpec::segmentLength).orElse(seqLength), loaded, mixer.orElseThrow(), p);
            }
            mixed = e.scores().mixed();
            companionScores = e.companions();
            if (dynamic.isPresent()) {
                dyn = e.scores().network();
            } else if (eval.streams() == 1) {
                stat = e.scores().network();
            }
        } else if (dynamic.isPresent()) {
            HeldOutText.Mixed m;
            try (TextProgress p = progress(mixer.isPresent() ? "dynamic evaluation, mixed" : "dynamic evaluation")) {
                m = mixer.isPresent()
                        ? HeldOutText.scoreDynamicMixed(model, vocab, data, text, calibration, dynamic.get(), mixer.get(), p)
                        : new HeldOutText.Mixed(HeldOutText.scoreDynamic(model, vocab, data, text, calibration,
                        dynamic.get(), p), null);
            }
            dyn = m.network();
            mixed = m.mixed();
        } else if (mixer.isPresent() && eval.streams() == 1) {
            HeldOutText.Mixed m;
            try (TextProgress p = progress("evaluation, mixed")) {
                m = HeldOutText.scoreMixed(model, vocab, data, text, seqLength, mixer.get(), p);
            }
            stat = m.network();
            mixed = m.mixed();
        } else if (mixer.isPresent()) {
            try (TextProgress p = progress("evaluation, mixed")) {
                mixed = HeldOutText.scoreMixed(model, vocab, data, text, seqLength, mixer.get(), p).mixed();
            }
        }
        if (stat == null && (staticPass || dyn == null)) {
            try (TextProgress p = progress("static evaluation")) {
                stat = HeldOutText.score(model, vocab, data, text, eval.streams(), seqLength, p);
            }
        }
        return new Scores(stat, dyn, mixed, companionScores);
    }
}
