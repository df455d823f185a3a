package dev.braid.driver.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.UserError;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.EvalConfig;
import dev.braid.driver.config.Seq2SeqConfig;
import dev.braid.driver.data.ParallelCorpus;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.workload.CompanionNetworks;
import dev.braid.driver.workload.ReferenceSet;
import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.Seq2SeqModel;
import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.driver.workload.HeldOutText;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.DynamicEvaluator;
import dev.braid.worker.infer.DynamicSpec;
import dev.braid.worker.mix.MixSpec;
import dev.braid.worker.mix.NgramMixer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code braid evaluate}: held-out loss and bits per character of a language model, or word and symbol
 * error rates of an encoder-decoder.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Held-out loss and bits per character of a language model on text, or word and phoneme (symbol) "
                + "error rates of an encoder-decoder on pairs (the model's data format; CMUdict: the --split).")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (a run's model/).")
    String model;

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "Text file, or directory of files read in name order.")
    String data;

    @Option(names = "--streams", defaultValue = "1", description = "Parallel streams (1 = one pass from a zero state; default ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--max-chars", defaultValue = "2147483647", description = "Evaluate at most this many characters.")
    int maxChars;

    @Option(names = "--dynamic-lr", defaultValue = "0", paramLabel = "LR",
            description = "Dynamic evaluation: a step of LR after each segment is predicted (0 = static; one stream).")
    double dynamicLr;

    @Option(names = "--dynamic-rule", paramLabel = "RULE",
            description = "Dynamic evaluation's update: sgd or rms (default: the model's eval.dynamicRule).")
    DynamicSpec.Rule dynamicRule;

    @Option(names = "--dynamic-decay", paramLabel = "D",
            description = "RMS rule: pull towards the trained parameters per step (default: the model's eval.dynamicDecay).")
    Double dynamicDecay;

    @Option(names = "--dynamic-segment", paramLabel = "N",
            description = "Characters predicted before each step (default: the model's eval.dynamicSegmentLength).")
    Integer dynamicSegment;

    @Option(names = "--calibration", paramLabel = "PATH",
            description = "RMS rule: training text whose last eval.dynamicCalibrationChars characters set the gradient "
                    + "scale (default: the model's data.train).")
    String calibration;

    @Option(names = "--mix-orders", split = ",", paramLabel = "K,K,...",
            description = "Also charge the text under the network mixed with n-gram models of these orders, e.g. "
                    + "1,2,3,4,5,6,8,12,16,24 (the SOTU benchmark's; default: no mixing).")
    List<Integer> mixOrders;

    @Option(names = "--mix-lr", paramLabel = "LR", description = "Mixing weights' step size (default: the model's eval.mixLearningRate).")
    Double mixLr;

    @Option(names = "--mix-recent", paramLabel = "N",
            description = "The last N characters of the counted text also seed the recent-text models (default: the model's "
                    + "eval.mixRecentChars).")
    Integer mixRecent;

    @Option(names = "--mix-text", paramLabel = "PATH",
            description = "Text the n-gram models count first (default: the model's eval.mixText, its training text).")
    String mixText;

    @Option(names = "--mix-network", paramLabel = "DIR",
            description = "A companion network for mixing (repeatable): another trained character model's model/ directory; "
                    + "it reads the text beside --model, adapting as it does (default: the model's eval.mixNetworks).")
    List<String> mixNetworks;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--beam", paramLabel = "N", description = "Encoder-decoder: beam width (default: the model's seq2seq.beam).")
    Integer beam;

    @Option(names = "--split", defaultValue = "test", paramLabel = "ROLE",
            description = "Encoder-decoder on CMUdict: the split to score, test or validation (default: ${DEFAULT-VALUE}).")
    String split;

    private DynamicSpec dynamicSpec(BraidConfig cfg) {
        EvalConfig e = cfg.eval();
        int segment = dynamicSegment != null ? dynamicSegment : e.dynamicSegmentLength();
        double decay = dynamicDecay != null ? dynamicDecay : e.dynamicDecay();
        if (segment < 1 || decay < 0) {
            throw new UserError("--dynamic-segment must be >= 1 and --dynamic-decay >= 0 (got " + segment + ", " + decay + ").");
        }
        return new DynamicSpec(dynamicRule != null ? dynamicRule : e.dynamicRule(), dynamicLr, decay, segment);
    }

    private String calibrationText(BraidConfig cfg, DynamicSpec spec) {
        String from = calibration != null ? calibration : cfg.data().train();
        if (spec.rule() == DynamicSpec.Rule.RMS && !Fs.local().hasDocuments(from)) {
            throw new UserError("The RMS rule of dynamic evaluation reads training text, and " + from + " does not exist"
                    + (calibration != null ? "" : " (data.train in " + model + "/config.conf)") + ": pass --calibration PATH "
                    + "with the model's training text, or use --dynamic-rule sgd.");
        }
        return HeldOutText.calibration(Fs.local(), spec, from, cfg.eval().dynamicCalibrationChars());
    }

    @Override public Integer call() throws Exception {
        if (streams < 1 || maxChars < 2) {
            throw new UserError("--streams must be >= 1 and --max-chars >= 2 (got " + streams + ", " + maxChars + ").");
        }
        if (!(dynamicLr >= 0) || !Double.isFinite(dynamicLr)) {
            throw new UserError("--dynamic-lr " + dynamicLr + ": the step of dynamic evaluation must be >= 0 (0 = static "
                    + "evaluation), e.g. --dynamic-lr 0.0001.");
        }
        if (beam != null && beam < 1) {
            throw new UserError("--beam " + beam + ": the beam width must be >= 1 (1 = greedy decoding).");
        }
        if (!Fs.local().hasDocuments(data)) {
            throw new UserError("--data " + data + " does not exist. Give a text file or directory (a language model), or a "
                    + "pair file (an encoder-decoder).");
        }
        SavedModel saved = new ModelStore(Fs.local()).load(model);
        if (saved.spec() instanceof Seq2SeqSpec spec) {
            return translationScores(saved, spec);
        }
        LoadedModel m = LoadedModel.of(saved, model);
        BraidConfig cfg = ConfigLoader.fromRendered(m.saved().config(), model + "/config.conf").config();
        String text = HeldOutText.read(Fs.local(), data, maxChars);
        Vocabulary vocab = m.saved().vocabulary("tokens");
        Optional<MixSpec> mix = mixSpec(cfg);
        // the calibration text is checked before the n-gram models spend minutes counting
        Optional<DynamicSpec> dynamic = dynamicLr > 0 ? Optional.of(dynamicSpec(cfg)) : Optional.empty();
        String calibrationText = dynamic.isPresent() ? calibrationText(cfg, dynamic.get()) : "";
        String countText = mix.isPresent() ? mixTextPath(cfg) : "";
        List<String> companions = companions(cfg, mix.isPresent());
        // loaded (and checked) before the n-gram models spend minutes counting
        List<DynamicEvaluator.Companion> loaded = CompanionNetworks.load(Fs.local(), companions, vocab, calibrationText);
        Optional<NgramMixer> mixer = mix.map(x -> HeldOutText.mixer(Fs.local(), x, m.model(), vocab, countText,
                1 + companions.size()));
        HeldOutText.Mixed s;
        List<HeldOutText.Score> companionScores = List.of();
        if (!companions.isEmpty()) {
            HeldOutText.Ensemble e = HeldOutText.scoreWithCompanions(m.model(), vocab, data, text, calibrationText, dynamic,
                    dynamic.map(DynamicSpec::segmentLength).orElse(cfg.training().seqLength()),
                    loaded, mixer.orElseThrow());
            s = e.scores();
            companionScores = e.companions();
        } else if (dynamic.isPresent()) {
            DynamicSpec spec = dynamic.get();
            s = mixer.isPresent()
                    ? HeldOutText.scoreDynamicMixed(m.model(), vocab, data, text, calibrationText, spec, mixer.get())
                    : new HeldOutText.Mixed(HeldOutText.scoreDynamic(m.model(), vocab, data, text, calibrationText, spec), null);
        } else if (mixer.isPresent()) {
            s = HeldOutText.scoreMixed(m.model(), vocab, data, text, cfg.training().seqLength(), mixer.get());
        } else {
            s = new HeldOutText.Mixed(HeldOutText.score(m.model(), vocab, data, text, streams, cfg.training().seqLength()), null);
        }
        if (json) {
            List<Json> each = companionScores.stream().map(c -> Json.of(c, null, null)).toList();
            System.out.println(new ObjectMapper().writeValueAsString(Json.of(s.network(),
                    s.mixed() == null ? null : Json.of(s.mixed(), null, null), each.isEmpty() ? null : each)));
        } else {
            for (int i = 0; i < companionScores.size(); i++) {
                print(" companion network " + companions.get(i), companionScores.get(i));
            }
            print("", s.network());
            if (s.mixed() != null) {
                print(" mixed with n-gram models (orders " + mix.orElseThrow().orders() + " counted from " + countText + ")",
                        s.mixed());
            }
        }
        return 0;
    }

    private static void print(String what, HeldOutText.Score s) {
        System.out.printf(Locale.ROOT, "%s%s: %,d chars (%d outside the vocabulary), loss %.4f nats/char, %.3f bits/char, %.3f bits/byte%n",
                s.data(), what, s.chars(), s.unknown(), s.nats() / Math.max(1, s.chars() - 1), s.bitsPerChar(), s.bitsPerByte());
    }

    /** The companion networks to mix: --mix-network, else the model's eval.mixNetworks when mixing is on. */
    private List<String> companions(BraidConfig cfg, boolean mixing) {
        if (mixNetworks != null && !mixing) {
            throw new UserError("--mix-network " + mixNetworks + " joins context mixing: give --mix-orders too (for example "
                    + "1,2,3,4,6,8).");
        }
        return !mixing ? List.of() : mixNetworks != null ? mixNetworks : cfg.eval().mixNetworks();
    }

    private Optional<MixSpec> mixSpec(BraidConfig cfg) {
        if (mixOrders == null) {
            return Optional.empty();
        }
        List<Integer> orders = mixOrders;
        double lr = mixLr != null ? mixLr : cfg.eval().mixLearningRate();
        int recentChars = mixRecent != null ? mixRecent : cfg.eval().mixRecentChars();
        try {
            return Optional.of(new MixSpec(orders, lr, recentChars));
        } catch (IllegalArgumentException e) {
            throw new UserError("--mix-orders " + orders + " --mix-lr " + lr + " --mix-recent " + recentChars + ": "
                    + e.getMessage() + ". Give ascending orders such as 1,2,3,4,6,8, a step size > 0 and a character count "
                    + ">= 0.");
        }
    }

    private String mixTextPath(BraidConfig cfg) {
        String from = mixText != null ? mixText : cfg.eval().mixText();
        if (!Fs.local().hasDocuments(from)) {
            throw new UserError("Mixing counts n-grams of " + from + ", which does not exist" + (mixText != null ? ""
                    : " (eval.mixText in " + model + "/config.conf)") + ": pass --mix-text PATH with the model's training text, "
                    + "or leave --mix-orders out.");
        }
        return from;
    }

    private int translationScores(SavedModel saved, Seq2SeqSpec spec) throws Exception {
        BraidConfig cfg = ConfigLoader.fromRendered(saved.config(), model + "/config.conf").config();
        Seq2SeqConfig s = cfg.seq2seq();
        ParallelCorpus.Role role = switch (split) {
            case "test" -> ParallelCorpus.Role.TEST;
            case "validation" -> ParallelCorpus.Role.VALIDATION;
            default -> throw new UserError("--split " + split + ": use test or validation.");
        };
        Seq2SeqModel m = spec.build(Precision.FLOAT);
        m.params().setAll(saved.params());
        ReferenceSet set = ReferenceSet.of(data, ParallelCorpus.readLocal(Fs.local(), data, cfg.data(), role));
        if (set.size() == 0) {
            throw new UserError("No pairs in " + data + " (format " + cfg.data().format().name().toLowerCase(java.util.Locale.ROOT)
                    + ", split " + split + ").");
        }
        BlasThreads.set(Math.max(1, Runtime.getRuntime().availableProcessors()));
        ReferenceSet.Scores scores = set.score(m, saved.vocabulary("source"), saved.vocabulary("target"), s.sourceTokens(),
                s.targetTokens(), s.maxSourceLength(), beam == null ? s.beam() : beam, s.lengthPenalty(), s.maxLengthRatio());
        System.out.println(json ? new ObjectMapper().writeValueAsString(scores) : scores.toString());
        return 0;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Json(String data, long chars, long bytes, long unknown, double loss, double bitsPerChar, double bitsPerByte, Json mixed,
                List<Json> companions) {
        static Json of(HeldOutText.Score s, Json mixed, List<Json> companions) {
            return new Json(s.data(), s.chars(), s.bytes(), s.unknown(), s.nats() / Math.max(1, s.chars() - 1), s.bitsPerChar(),
                    s.bitsPerByte(), mixed, companions);
        }
    }
}
