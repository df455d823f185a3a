package dev.braid.driver.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.config.Seq2SeqConfig;
import dev.braid.driver.data.ParallelCorpus;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.workload.EvaluationPlan;
import dev.braid.driver.workload.HeldOutText;
import dev.braid.driver.workload.ReferenceSet;
import dev.braid.worker.infer.DynamicSpec;
import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code braid evaluate}: held-out loss and bits per character of a language model, or word and symbol
 * error rates of an encoder-decoder. The settings are the model's own (its config.conf); each option
 * overrides one key of it (named in the option's help) and is validated as that key is.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Held-out loss and bits per character of a language model on text, or word and phoneme (symbol) "
                + "error rates of an encoder-decoder on pairs (the model's data format; CMUdict: the --split). Settings "
                + "default to the model's own eval.* configuration; each option overrides one key.",
        footer = {"", "Examples:",
                "  scripts/braid evaluate --model runs/quickstart-20261207-141448/model --data datasets/sotu/test --json",
                "  scripts/braid evaluate --model runs/charlm-sotu-20261122-0900/model --data datasets/sotu/test \\",
                "      --dynamic-lr 0.002 --dynamic-rule rms --mix-orders 2,3,4,6",
                "  scripts/braid evaluate --model runs/g2p-cmudict-20261122-1000/model --data datasets/cmudict --split test --beam 5"})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (a run's model/).")
    String model;

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "Text file, or directory of files read in name order.")
    String data;

    @Option(names = "--streams", paramLabel = "N", description = "eval.streams: parallel streams (1 = one pass from a zero state).")
    Integer streams;

    @Option(names = "--max-chars", paramLabel = "N", description = "eval.maxChars: evaluate at most this many characters.")
    Integer maxChars;

    @Option(names = "--dynamic-lr", paramLabel = "LR",
            description = "eval.dynamicLearningRate: dynamic evaluation's step after each segment is predicted (0 = static).")
    Double dynamicLr;

    @Option(names = "--dynamic-rule", paramLabel = "RULE", description = "eval.dynamicRule: sgd or rms.")
    DynamicSpec.Rule dynamicRule;

    @Option(names = "--dynamic-decay", paramLabel = "D", description = "eval.dynamicDecay: the RMS rule's pull towards the trained parameters.")
    Double dynamicDecay;

    @Option(names = "--dynamic-segment", paramLabel = "N", description = "eval.dynamicSegmentLength: characters predicted before each step.")
    Integer dynamicSegment;

    @Option(names = "--calibration", paramLabel = "PATH",
            description = "data.train: the training text whose last eval.dynamicCalibrationChars characters set the RMS rule's "
                    + "gradient scale.")
    String calibration;

    @Option(names = "--mix-orders", split = ",", paramLabel = "K,K,...",
            description = "eval.mixOrders: also charge the text under the network mixed with n-gram models of these orders, "
                    + "e.g. 1,2,3,4,5,6,8,12,16,24 (the SOTU benchmark's).")
    List<Integer> mixOrders;

    @Option(names = "--mix-lr", paramLabel = "LR", description = "eval.mixLearningRate: the mixing weights' step size.")
    Double mixLr;

    @Option(names = "--mix-recent", paramLabel = "N",
            description = "eval.mixRecentChars: the last N characters of the counted text also seed the recent-text models.")
    Integer mixRecent;

    @Option(names = "--mix-text", paramLabel = "PATH", description = "eval.mixText: the text the n-gram models count first.")
    String mixText;

    @Option(names = "--mix-network", paramLabel = "DIR",
            description = "eval.mixNetworks (repeatable): another trained character model's model/ directory; it reads the "
                    + "text beside --model, adapting as it does, and joins the mixture.")
    List<String> mixNetworks;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--beam", paramLabel = "N", description = "seq2seq.beam: an encoder-decoder's beam width.")
    Integer beam;

    @Option(names = "--split", defaultValue = "test", paramLabel = "ROLE",
            description = "Encoder-decoder on CMUdict: the split to score, test or validation (default: ${DEFAULT-VALUE}).")
    String split;

    /** The model's configuration with the options given laid over it, bound and validated as one. */
    private BraidConfig config(SavedModel saved) {
        return ConfigLoader.withOptions(ConfigLoader.fromRendered(saved.config(), model + "/config.conf"), List.of(
                new ConfigLoader.Setting("--streams", "eval.streams", streams),
                new ConfigLoader.Setting("--max-chars", "eval.maxChars", maxChars),
                new ConfigLoader.Setting("--dynamic-lr", "eval.dynamicLearningRate", dynamicLr),
                new ConfigLoader.Setting("--dynamic-rule", "eval.dynamicRule", dynamicRule),
                new ConfigLoader.Setting("--dynamic-decay", "eval.dynamicDecay", dynamicDecay),
                new ConfigLoader.Setting("--dynamic-segment", "eval.dynamicSegmentLength", dynamicSegment),
                new ConfigLoader.Setting("--calibration", "data.train", calibration),
                new ConfigLoader.Setting("--mix-orders", "eval.mixOrders", mixOrders),
                new ConfigLoader.Setting("--mix-lr", "eval.mixLearningRate", mixLr),
                new ConfigLoader.Setting("--mix-recent", "eval.mixRecentChars", mixRecent),
                new ConfigLoader.Setting("--mix-text", "eval.mixText", mixText),
                new ConfigLoader.Setting("--mix-network", "eval.mixNetworks", mixNetworks),
                new ConfigLoader.Setting("--beam", "seq2seq.beam", beam))).config();
    }

    @Override public Integer call() throws Exception {
        if (!Fs.local().hasDocuments(data)) {
            throw new UserError("--data " + data + " does not exist. Give a text file or directory (a language model), or a "
                    + "pair file (an encoder-decoder).");
        }
        SavedModel saved = new ModelStore(Fs.local()).load(model);
        BraidConfig cfg = config(saved);
        if (saved.spec().encoderUnits() > 0) {
            return translationScores(saved, cfg);
        }
        LoadedModel m = LoadedModel.of(saved, model);
        EvaluationPlan.Scores s = new EvaluationPlan(cfg).showingProgress(System.err).run(Fs.local(), m.model(), saved.vocabulary("tokens"), data, false);
        if (json) {
            List<Json> each = s.companions().stream().map(c -> Json.of(c, null, null)).toList();
            System.out.println(dev.braid.driver.io.Json.COMPACT.writeValueAsString(Json.of(s.network(),
                    s.mixed() == null ? null : Json.of(s.mixed(), null, null), each.isEmpty() ? null : each)));
            return 0;
        }
        for (int i = 0; i < s.companions().size(); i++) {
            print(" companion network " + cfg.eval().mixNetworks().get(i), s.companions().get(i));
        }
        print(s.dynamic() != null ? " dynamic evaluation" : "", s.network());
        if (s.mixed() != null) {
            print(" mixed with n-gram models (orders " + cfg.eval().mixOrders() + " counted from " + cfg.eval().mixText() + ")",
                    s.mixed());
        }
        return 0;
    }

    private static void print(String what, HeldOutText.Score s) {
        System.out.printf(Locale.ROOT, "%s%s: %,d chars (%d outside the vocabulary), loss %.4f nats/char, %.3f bits/char, %.3f bits/byte%n",
                s.data(), what, s.chars(), s.unknown(), s.nats() / Math.max(1, s.chars() - 1), s.bitsPerChar(), s.bitsPerByte());
    }

    private int translationScores(SavedModel saved, BraidConfig cfg) throws Exception {
        Seq2SeqConfig s = cfg.seq2seq();
        ParallelCorpus.Role role = switch (split) {
            case "test" -> ParallelCorpus.Role.TEST;
            case "validation" -> ParallelCorpus.Role.VALIDATION;
            default -> throw new UserError("--split " + split + ": use test or validation.");
        };
        StackModel m = saved.buildSeq2Seq(model);
        ReferenceSet set = ReferenceSet.of(data, ParallelCorpus.readLocal(Fs.local(), data, cfg.data(), role));
        if (set.size() == 0) {
            throw new UserError("No pairs in " + data + " (format " + cfg.data().format().name().toLowerCase(Locale.ROOT)
                    + ", split " + split + ").");
        }
        BlasThreads.allCores();
        ReferenceSet.Scores scores = set.score(m, cfg.sourceEncoder(saved.vocabulary("source")),
                cfg.targetEncoder(saved.vocabulary("target")), cfg.decode(s.beam(), 1), s.selectBy());
        System.out.println(json ? dev.braid.driver.io.Json.COMPACT.writeValueAsString(scores) : scores.toString());
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
