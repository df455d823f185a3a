package dev.braid.worker.infer;

import dev.braid.worker.data.Tokenizer;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.model.Seq2SeqModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Lines of text in, lines of text out: tokenises each line, applies the length policy, decodes the
 * non-empty ones in batches, and formats the output — the hypothesis, or with {@code nbest > 1} one
 * Moses-style {@code index ||| hypothesis ||| score} line per hypothesis. An empty line gives an empty
 * line; a refused line (longer than the maximum, when truncation is off) gives an empty line too.
 */
public final class TextTranslator {
    private final Vocabulary source;
    private final Vocabulary target;
    private final Options options;
    private final Translator translator;

    /** How lines are read and decoded. */
    public record Options(Tokenizer sourceTokens, Tokenizer targetTokens, int maxSourceLength, boolean truncate, int beam,
                          int nbest, double lengthPenalty, double maxLengthRatio, int batchSize) implements Serializable {
    }

    /** One translated line and what happened to it. */
    public record Line(String text, boolean empty, int unknown, boolean truncated, boolean refused) implements Serializable {
    }

    public TextTranslator(Seq2SeqModel model, Vocabulary source, Vocabulary target, Options options) {
        this.source = source;
        this.target = target;
        this.options = options;
        this.translator = new Translator(model, options.beam(), options.nbest(), options.lengthPenalty(),
                options.maxLengthRatio(), options.batchSize());
    }

    /** Translates {@code lines}; {@code firstIndex} numbers them for n-best output. */
    public List<Line> translate(List<String> lines, long firstIndex) {
        List<int[]> todo = new ArrayList<>();
        List<Integer> where = new ArrayList<>();
        Line[] out = new Line[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            int[] ids = options.sourceTokens().encode(source, lines.get(i));
            int unknown = (int) Arrays.stream(ids).filter(id -> id == Vocabulary.UNK_ID).count();
            if (ids.length == 0) {
                out[i] = new Line("", true, 0, false, false);
            } else if (ids.length > options.maxSourceLength() && !options.truncate()) {
                out[i] = new Line("", false, unknown, false, true);
            } else {
                boolean cut = ids.length > options.maxSourceLength();
                todo.add(cut ? Arrays.copyOf(ids, options.maxSourceLength()) : ids);
                where.add(i);
                out[i] = new Line(null, false, unknown, cut, false);
            }
        }
        List<List<Hypothesis>> hyps = translator.translate(todo);
        for (int j = 0; j < where.size(); j++) {
            int i = where.get(j);
            out[i] = new Line(format(hyps.get(j), firstIndex + i), false, out[i].unknown(), out[i].truncated(), false);
        }
        return List.of(out);
    }

    private String format(List<Hypothesis> nbest, long index) {
        if (options.nbest() == 1) {
            return options.targetTokens().decode(target, nbest.get(0).tokens());
        }
        StringBuilder sb = new StringBuilder();
        for (Hypothesis h : nbest) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(index).append(" ||| ").append(options.targetTokens().decode(target, h.tokens()))
                    .append(" ||| ").append(String.format(Locale.ROOT, "%.4f", h.score()));
        }
        return sb.toString();
    }
}
