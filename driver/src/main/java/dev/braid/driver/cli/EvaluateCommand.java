package dev.braid.driver.cli;

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
import dev.braid.driver.workload.ReferenceSet;
import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.Seq2SeqModel;
import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.driver.workload.HeldOutText;
import dev.braid.worker.infer.DynamicSpec;
import java.util.Locale;
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
        if (spec.rule() == DynamicSpec.Rule.RMS && !Fs.local().exists(Fs.local().qualify(from))) {
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
        SavedModel saved = new ModelStore(Fs.local()).load(model);
        if (saved.spec() instanceof Seq2SeqSpec spec) {
            return translationScores(saved, spec);
        }
        LoadedModel m = LoadedModel.of(saved, model);
        BraidConfig cfg = ConfigLoader.fromRendered(m.saved().config(), model + "/config.conf").config();
        String text = HeldOutText.read(Fs.local(), data, maxChars);
        HeldOutText.Score s;
        if (dynamicLr > 0) {
            DynamicSpec spec = dynamicSpec(cfg);
            s = HeldOutText.scoreDynamic(m.model(), m.saved().vocabulary("tokens"), data, text, calibrationText(cfg, spec), spec);
        } else {
            s = HeldOutText.score(m.model(), m.saved().vocabulary("tokens"), data, text, streams, cfg.training().seqLength());
        }
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(new Json(s.data(), s.chars(), s.bytes(), s.unknown(),
                    s.nats() / Math.max(1, s.chars() - 1), s.bitsPerChar(), s.bitsPerByte())));
        } else {
            System.out.printf(Locale.ROOT, "%s: %,d chars (%d outside the vocabulary), loss %.4f nats/char, %.3f bits/char, %.3f bits/byte%n",
                    s.data(), s.chars(), s.unknown(), s.nats() / Math.max(1, s.chars() - 1), s.bitsPerChar(), s.bitsPerByte());
        }
        return 0;
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
        ReferenceSet set = ReferenceSet.of(data, ParallelCorpus.readLocal(Fs.local(), data, cfg.data().format(), role));
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

    record Json(String data, long chars, long bytes, long unknown, double loss, double bitsPerChar, double bitsPerByte) {
    }
}
