package dev.braid.driver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.driver.workload.Workloads;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.Activation;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.seq2seq.AttentionType;
import dev.braid.worker.stack.Conv1DSpec;
import dev.braid.worker.stack.DenseSpec;
import dev.braid.worker.stack.EmbeddingSpec;
import dev.braid.worker.stack.RecurrentSpec;
import dev.braid.worker.stack.SoftmaxSpec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code model.stack}, {@code model.encoder} and {@code model.head}: what they bind to, and the errors users see. */
class StackConfigTest {
    private static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());

    private static BraidConfig charLm(String... sets) {
        List<String> all = new ArrayList<>(List.of(sets));
        return ConfigLoader.load("../conf/quickstart.conf", all).config();
    }

    private static ModelSpec spec(BraidConfig cfg, int vocabulary) {
        return Workloads.of(cfg, QUIET).spec(Map.of("tokens", vocabulary(vocabulary)));
    }

    private static Vocabulary vocabulary(int size) {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < size - Vocabulary.SPECIALS.size(); i++) {
            symbols.add(Character.toString('a' + i));
        }
        return Vocabulary.of(symbols);
    }

    @Test
    void aStackBindsOverEachTypesDefaultsWithTheDatasVocabulary() {
        BraidConfig cfg = charLm("model.stack=[{type=embedding, dim=8}, {type=conv1d, name=c, filters=6, kernel=2, "
                + "activation=tanh}, {type=recurrent, cell=gru, hidden=12, recurrentDropout=0.1}, {type=dense, units=4}]");
        ModelSpec spec = spec(cfg, 20);
        assertThat(spec.units()).containsExactly("embedding0", "c", "recurrent2", "dense3", "out");
        assertThat(spec.stack().get(0)).isEqualTo(new EmbeddingSpec("embedding0", 20, 8, false));
        assertThat(spec.stack().get(1)).isEqualTo(new Conv1DSpec("c", 6, 2, 1, 1, Conv1DSpec.Padding.CAUSAL, Activation.TANH));
        assertThat(spec.stack().get(2)).isEqualTo(new RecurrentSpec("recurrent2", CellType.GRU, 12, 0, null, null, false, 0.1));
        assertThat(spec.stack().get(3)).isEqualTo(new DenseSpec("dense3", 4, Activation.LINEAR));
        assertThat(spec.head()).isEqualTo(new SoftmaxSpec("out", 20, 0));
        assertThat(Workloads.of(cfg, QUIET).layers().names()).isEqualTo(spec.units());
    }

    @Test
    void theOldKeysAndTheirStackWrittenOutAreTheSameModel() {
        BraidConfig old = ConfigLoader.load("../conf/g2p-cmudict.conf", List.of()).config();
        BraidConfig stacked = ConfigLoader.load("../conf/g2p-cmudict.conf", List.of("model.encoder=[{type=embedding, name=src, "
                + "dim=128}, {type=bidirectional, name=enc0, layer={hidden=256, dropout=0.1}}, {type=bidirectional, name=enc1, "
                + "layer={hidden=256, dropout=0.1}}]", "model.stack=[{type=embedding, name=tgt, dim=128}, {type=recurrent, "
                + "name=dec0, hidden=256, dropout=0.1, bridge=bridge0}, {type=recurrent, name=dec1, hidden=256, dropout=0.1, "
                + "bridge=bridge1}, {type=attention, name=att}]", "model.head={type=softmax, name=out, labelSmoothing=0.1}"))
                .config();
        Map<String, Vocabulary> v = Map.of("source", vocabulary(30), "target", vocabulary(44));
        ModelSpec fromKeys = Workloads.of(old, QUIET).spec(v);
        assertThat(fromKeys).isEqualTo(new Seq2SeqSpec(30, 44, 128, CellType.LSTM, 256, 2, 2, true, AttentionType.LUONG, 0.1,
                0.1, false).stack());
        assertThat(Workloads.of(stacked, QUIET).spec(v)).isEqualTo(fromKeys);
    }

    @Test
    void errorsNameTheEntryByIndexAndNameTheKeyAndTheRule() {
        assertThatThrownBy(() -> Workloads.of(charLm("model.stack=[{type=embedding}, {type=lstm}]"), QUIET).layers())
                .isInstanceOf(ConfigError.class).hasMessageContaining("model.stack[1]")
                .hasMessageContaining("type = lstm is not a layer type; use one of embedding, recurrent");
        assertThatThrownBy(() -> Workloads.of(charLm("model.stack=[{type=embedding}, {type=recurrent, name=r, units=3}]"),
                QUIET).layers()).isInstanceOf(ConfigError.class).hasMessageContaining("model.stack[1] (recurrent 'r')")
                .hasMessageContaining("Unknown key units").hasMessageContaining("hidden");
        assertThatThrownBy(() -> Workloads.of(charLm("model.stack=[{type=embedding}, {type=recurrent, name=r, hidden=0}]"),
                QUIET).layers()).isInstanceOf(ConfigError.class).hasMessageContaining("model.stack[1] (recurrent 'r')")
                .hasMessageContaining("hidden 0 must be >= 1");
        assertThatThrownBy(() -> Workloads.of(charLm("model.stack=[{type=embedding}, {type=recurrent, cell=gru, "
                + "peephole=true}]"), QUIET).layers()).isInstanceOf(ConfigError.class)
                .hasMessageContaining("peephole connections are an LSTM's");
        assertThatThrownBy(() -> Workloads.of(charLm("model.stack=[{type=dense, units=4}]"), QUIET).layers())
                .isInstanceOf(ConfigError.class).hasMessageContaining("has no input");
        assertThatThrownBy(() -> Workloads.of(charLm("model.stack=[{type=embedding}, {type=attention}]"), QUIET).layers())
                .isInstanceOf(ConfigError.class).hasMessageContaining("the model has no encoder");
        assertThatThrownBy(() -> charLm("model.head={type=sigmoid}")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("a head tops a stack");
        assertThatThrownBy(() -> charLm("model.stack=[{type=embedding}]", "model.encoder=[{type=embedding}]"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("workload char-lm trains one stack");
        assertThatThrownBy(() -> ConfigLoader.load("../conf/g2p-cmudict.conf", List.of("model.stack=[{type=embedding}]")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("give the encoder's layers in model.encoder");
    }

    @Test
    void aSoftmaxTiesToAnEmbeddingByKeyOrByName() {
        BraidConfig keys = ConfigLoader.load("../conf/g2p-cmudict.conf", List.of("model.embedding=256",
                "seq2seq.tieEmbeddings=true")).config();
        Map<String, Vocabulary> v = Map.of("source", vocabulary(30), "target", vocabulary(44));
        ModelSpec tied = Workloads.of(keys, QUIET).spec(v);
        assertThat(tied.head()).isEqualTo(new SoftmaxSpec("out", 44, 0.1, null, 0, "tgt"));
        assertThat(tied.build(dev.braid.worker.kernel.Precision.FLOAT).layout().slots()).extracting(s -> s.name())
                .doesNotContain("out.W");
        ModelSpec lm = spec(charLm("model.stack=[{type=embedding, name=e, dim=12}, {type=recurrent, hidden=12}]",
                "model.head={type=softmax, tie=e}"), 20);
        assertThat(((SoftmaxSpec) lm.head()).tie()).isEqualTo("e");

        assertThatThrownBy(() -> ConfigLoader.load("../conf/g2p-cmudict.conf", List.of("seq2seq.tieEmbeddings=true")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("seq2seq.tieEmbeddings")
                .hasMessageContaining("model.embedding (128) must equal model.hidden (256)");
        assertThatThrownBy(() -> Workloads.of(charLm("model.stack=[{type=embedding, name=e, dim=8}, {type=recurrent, "
                + "hidden=12}]", "model.head={type=softmax, tie=e}"), QUIET).layers()).isInstanceOf(ConfigError.class)
                .hasMessageContaining("[classes, input width] = [5, 12]");
        assertThatThrownBy(() -> Workloads.of(charLm("model.stack=[{type=embedding, name=e, dim=8}, {type=recurrent, "
                + "hidden=8}]", "model.head={type=softmax, tie=x}"), QUIET).layers()).isInstanceOf(ConfigError.class)
                .hasMessageContaining("tie = 'x' names no embedding layer");
    }
}
