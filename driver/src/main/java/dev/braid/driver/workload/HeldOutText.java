package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.StrictText;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.DynamicEvaluator;
import dev.braid.worker.infer.Progress;
import dev.braid.worker.infer.DynamicSpec;
import dev.braid.worker.infer.StreamEvaluator;
import dev.braid.worker.infer.TokenMixer;
import dev.braid.worker.mix.MixSpec;
import dev.braid.worker.mix.NgramMixer;
import dev.braid.worker.model.StackModel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;

/** Held-out evaluation of a character model on the documents of a path, concatenated in name order. */
public final class HeldOutText {
    private HeldOutText() {
    }

    /** Bits per character and per UTF-8 byte, and how many characters fell outside the vocabulary. */
    public record Score(String data, long chars, long bytes, long unknown, double nats, double bitsPerChar,
                        double bitsPerByte) {
    }

    /** The first {@code maxChars} characters (code points) of the documents of a path, in name order. */
    public static String read(Fs fs, String location, int maxChars) {
        StringBuilder text = new StringBuilder();
        for (Path doc : fs.documents(location)) {
            text.append(StrictText.decode(fs.readBytes(doc), doc.toString(), false).text());
            if (text.codePointCount(0, text.length()) >= maxChars) {
                break;
            }
        }
        int end = Math.min(text.length(), text.offsetByCodePoints(0, Math.min(text.codePointCount(0, text.length()), maxChars)));
        if (text.codePointCount(0, end) < 2) {
            throw new UserError("Held-out text " + location + " holds " + text.codePointCount(0, end) + " character(s); "
                    + "scoring needs at least 2 (each character is predicted from the ones before). Give a file with text.");
        }
        return text.substring(0, end);
    }

    public static Score score(StackModel model, Vocabulary vocab, String location, String text, int streams,
                              int seqLength, Progress progress) {
        int[] ids = vocab.encodeChars(text);
        if (streams < 1 || ids.length / streams < 2) {
            throw new UserError(streams + " streams over the " + ids.length + " characters of " + location + " leave "
                    + (streams < 1 ? "none" : ids.length / streams + " per stream") + "; each stream needs at least 2. Use "
                    + "fewer streams (--streams / eval.streams; 1 is the standard measure) or more text.");
        }
        return score(location, text, ids, StreamEvaluator.evaluate(model, ids, streams, seqLength, progress));
    }

    /** The last {@code chars} characters (code points) of the documents of a path, concatenated in name order. */
    public static String readTail(Fs fs, String location, int chars) {
        List<Path> docs = fs.documents(location);
        StringBuilder tail = new StringBuilder();
        for (int i = docs.size() - 1; i >= 0 && tail.codePointCount(0, tail.length()) < chars; i--) {
            tail.insert(0, StrictText.decode(fs.readBytes(docs.get(i)), docs.get(i).toString(), false).text());
        }
        int skip = tail.codePointCount(0, tail.length()) - chars;
        return skip <= 0 ? tail.toString() : tail.substring(tail.offsetByCodePoints(0, skip));
    }

    /** The training text the rule needs: the tail of {@code location} for the RMS rule, none for SGD. */
    public static String calibration(Fs fs, DynamicSpec dynamic, String location, int chars) {
        return dynamic.rule() == DynamicSpec.Rule.RMS ? readTail(fs, location, chars) : "";
    }

    /**
     * Dynamic evaluation: one stream, a step after each segment is scored; {@code calibration} (training
     * text) sets the RMS rule's per-parameter scale and is unused by SGD.
     */
    public static Score scoreDynamic(StackModel model, Vocabulary vocab, String location, String text,
                                     String calibration, DynamicSpec dynamic, Progress progress) {
        int[] ids = vocab.encodeChars(text);
        return score(location, text, ids, DynamicEvaluator.evaluate(model.spec(), model.params().toFloatArray(), ids,
                vocab.encodeChars(calibration), dynamic, progress));
    }

    /** The network's own score and the mixture's, from one pass over the same text. */
    public record Mixed(Score network, Score mixed) {
    }

    /**
     * A mixer for {@code model}'s vocabulary and {@code networks - 1} companion networks, whose n-gram
     * models have counted the documents of {@code countText} (the training text), concatenated in name order.
     */
    public static NgramMixer mixer(Fs fs, MixSpec spec, StackModel model, Vocabulary vocab, String countText,
                                   int networks) {
        if (vocab.size() != model.outputs()) {
            throw new IllegalArgumentException("a vocabulary of " + vocab.size() + " does not fit a model of "
                    + model.outputs() + " tokens");
        }
        NgramMixer mixer = new NgramMixer(spec, vocab, networks);
        mixer.count(vocab.encodeChars(read(fs, countText, Integer.MAX_VALUE)));
        return mixer;
    }

    /** One stream from a zero state, parameters frozen, every character charged by the network and the mixer. */
    public static Mixed scoreMixed(StackModel model, Vocabulary vocab, String location, String text, int seqLength,
                                   TokenMixer mixer, Progress progress) {
        int[] ids = vocab.encodeChars(text);
        StreamEvaluator.Mixed r = StreamEvaluator.evaluate(model, ids, seqLength, mixer, progress);
        return new Mixed(score(location, text, ids, r.network()), score(location, text, ids, r.mixed()));
    }

    /** Dynamic evaluation as {@link #scoreDynamic}, every character also charged by the mixer. */
    public static Mixed scoreDynamicMixed(StackModel model, Vocabulary vocab, String location, String text,
                                          String calibration, DynamicSpec dynamic, TokenMixer mixer, Progress progress) {
        int[] ids = vocab.encodeChars(text);
        StreamEvaluator.Mixed r = DynamicEvaluator.evaluate(model.spec(), model.params().toFloatArray(), ids,
                vocab.encodeChars(calibration), dynamic, mixer, progress);
        return new Mixed(score(location, text, ids, r.network()), score(location, text, ids, r.mixed()));
    }

    /** The model's own score and the mixture's, and each companion network's own score. */
    public record Ensemble(Mixed scores, List<Score> companions) {
    }

    /**
     * The model and its companion networks read the text side by side (adapting by {@code dynamic}, or
     * frozen when it is empty, in segments of {@code segmentLength}); {@code mixer} charges every
     * character from all their predictions.
     */
    public static Ensemble scoreWithCompanions(StackModel model, Vocabulary vocab, String location, String text,
                                               String calibration, Optional<DynamicSpec> dynamic, int segmentLength,
                                               List<DynamicEvaluator.Companion> companions, TokenMixer mixer,
                                               Progress progress) {
        int[] ids = vocab.encodeChars(text);
        StreamEvaluator.Ensemble r = DynamicEvaluator.evaluate(model.spec(), model.params().toFloatArray(), ids,
                vocab.encodeChars(calibration), dynamic, segmentLength, companions, mixer, progress);
        List<Score> own = r.networks().stream().map(n -> score(location, text, ids, n)).toList();
        return new Ensemble(new Mixed(own.get(0), score(location, text, ids, r.mixed())), own.subList(1, own.size()));
    }

    private static Score score(String location, String text, int[] ids, StreamEvaluator.Result r) {
        long unknown = 0;
        for (int id : ids) {
            if (id == Vocabulary.UNK_ID) {
                unknown++;
            }
        }
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        // bits per byte counts every byte of the text; the few characters a multi-stream cut leaves
        // unpredicted are charged at the mean rate
        double bitsTotal = r.bitsPerToken() * Math.max(1, ids.length - 1);
        return new Score(location, ids.length, bytes, unknown, r.nats(), r.bitsPerToken(), bitsTotal / bytes);
    }
}
