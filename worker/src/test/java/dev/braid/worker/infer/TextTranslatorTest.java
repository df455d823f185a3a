package dev.braid.worker.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.worker.data.SequenceEncoder;
import dev.braid.worker.data.Tokenizer;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.seq2seq.AttentionType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Source lines meet the model as it was trained: a CMUdict model's words are upper case, so a lower-case
 * word is folded rather than read as unknown symbols; a line whose symbols are mostly unknown is flagged.
 */
class TextTranslatorTest {
    private static final Vocabulary LETTERS = Vocabulary.of(List.of("A", "B", "C", "D"));

    private static TextTranslator translator(boolean upperCase) {
        Seq2SeqSpec spec = new Seq2SeqSpec(LETTERS.size(), LETTERS.size(), 4, CellType.GRU, 6, 1, 1, false,
                AttentionType.LUONG, 0, 0, false);
        StackModel model = spec.build(Precision.FLOAT);
        model.initParams(3);
        return new TextTranslator(model, LETTERS, new TextTranslator.Options(new SequenceEncoder(LETTERS, Tokenizer.CHARS, 20,
                true, upperCase), Tokenizer.CHARS, new DecodeOptions(2, 1, 1.0, 2.0, 8)));
    }

    @Test
    void lowerCaseWordsAreFoldedForAnUpperCaseDictionary() {
        List<TextTranslator.Line> folded = translator(true).translate(List.of("abcd", "ABCD"), 0);
        assertThat(folded.get(0).unknown()).isZero();
        assertThat(folded.get(0).text()).isEqualTo(folded.get(1).text());
        assertThat(folded.get(0).mostlyUnknown()).isFalse();
    }

    @Test
    void aLineOfUnknownSymbolsIsFlagged() {
        List<TextTranslator.Line> raw = translator(false).translate(List.of("abcd", "ABCx", "ABCDABCDAx"), 0);
        assertThat(raw.get(0).unknown()).isEqualTo(4);
        assertThat(raw.get(0).mostlyUnknown()).isTrue();
        assertThat(raw.get(1).mostlyUnknown()).as("1 of 4 unknown").isTrue();
        assertThat(raw.get(2).mostlyUnknown()).as("1 of 10 unknown: not more than a tenth").isFalse();
    }
}
