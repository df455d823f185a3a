package dev.braid.worker.infer;

import dev.braid.worker.data.SequenceEncoder;
import dev.braid.worker.data.Tokenizer;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.model.StackModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lines of text in, lines of text out: tokenises each line, applies the length policy, decodes the
 * non-empty ones in batches, and formats the output — the hypothesis, or with {@code nbest > 1} one
 * Moses-style {@code index ||| hypothesis ||| score} line per hypothesis. An empty line gives an empty
 * line; a refused line (longer than the maximum, when truncation is off) gives an empty line too.
 */
public final class TextTranslator {
    private final Vocabulary target;
    private final Options options;
    private final Translator translator;

    /** How lines are read (the source side's encoder), how outputs are written, and how they are decoded. */
    public record Options(SequenceEncoder source, Tokenizer targetTokens, DecodeOptions decode) implements Serializable {
    }

    /** A line with more than this fraction of its symbols unknown to the model is worth a warning. */
    public static final double UNKNOWN_WARNING = 0.1;

    /** One translated line and what happened to it: its source symbols, how many were unknown. */
    public record Line(String text, boolean empty, int symbols, int unknown, boolean truncated, boolean refused)
            implements Serializable {
        /** More than {@link #UNKNOWN_WARNING} of the line's symbols were unknown: the output is likely garbage. */
        public boolean mostlyUnknown() {
            return symbols > 0 && unknown > UNKNOWN_WARNING * symbols;
        }
    }

    public TextTranslator(StackModel model, Vocabulary target, Options options) {
        this.target = target;
        this.options = options;
        this.translator = new Translator(model, options.decode());
    }

    /** Translates {@code lines}; {@code firstIndex} numbers them for n-best output. */
    public List<Line> translate(List<String> lines, long firstIndex) {
        List<int[]> todo = new ArrayList<>();
        List<Integer> where = new ArrayList<>();
        Line[] out = new Line[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            SequenceEncoder.Encoded e = options.source().encode(lines.get(i));
            switch (e.status()) {
                case EMPTY -> out[i] = new Line("", true, 0, 0, false, false);
                case REFUSED -> out[i] = new Line("", false, e.symbols(), e.unknown(), false, true);
                default -> {
                    todo.add(e.ids());
                    where.add(i);
                    out[i] = new Line(null, false, e.symbols(), e.unknown(), e.status() == SequenceEncoder.Status.TRUNCATED,
                            false);
                }
            }
        }
        List<List<Hypothesis>> hyps = translator.translate(todo);
        for (int j = 0; j < where.size(); j++) {
            int i = where.get(j);
            out[i] = new Line(format(hyps.get(j), firstIndex + i), false, out[i].symbols(), out[i].unknown(),
                    out[i].truncated(), false);
        }
        return List.of(out);
    }

    private String format(List<Hypothesis> nbest, long index) {
        if (options.decode().nbest() == 1) {
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
