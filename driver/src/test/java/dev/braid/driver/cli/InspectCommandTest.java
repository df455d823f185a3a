package dev.braid.driver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.Provenance;
import dev.braid.driver.io.SavedModel;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.seq2seq.AttentionType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code braid inspect}: the layer names placement.stages uses, for a saved model and for a config. */
class InspectCommandTest {

    private static String[] run(String... args) {
        CapturedRun r = CapturedRun.of(args);
        return new String[] {Integer.toString(r.code()), r.out(), r.err()};
    }

    @Test
    void aSavedEncoderDecoderListsItsLayersWithTheirParameters(@TempDir Path dir) {
        ConfigLoader.Loaded cfg = ConfigLoader.load(null, List.of("workload=seq2seq", "data.format=tsv",
                "data.train=train.tsv", "data.validation=valid.tsv", "data.test=test.tsv"));
        Vocabulary v = Vocabulary.of(List.of("a", "b", "c"));
        Seq2SeqSpec spec = new Seq2SeqSpec(v.size(), v.size(), 4, CellType.GRU, 8, 1, 2, true, AttentionType.BAHDANAU, 0, 0,
                false);
        StackModel m = spec.build(Precision.FLOAT);
        new ModelStore(Fs.local()).save(Fs.local().qualify(dir.resolve("m").toString()), new SavedModel(spec.stack(),
                Map.of("source", v, "target", v), m.params().toFloatArray(), new float[0], cfg.rendered(),
                Provenance.of("0", cfg.rendered(), 1, 0)));
        String[] r = run("inspect", "--model", dir.resolve("m").toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).containsSubsequence("src", "enc0", "tgt", "dec0", "dec1", "att", "out")
                .contains(String.format(java.util.Locale.ROOT, "total  %,12d", m.layout().size()));
    }

    @Test
    void aConfigListsItsModelsLayersAndChecksItsPlacement() {
        String[] r = run("inspect", "../conf/quickstart.conf", "--set", "placement.stages=[[embed, rnn0], [rnn1, out]]");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("[embed, rnn0, rnn1, out]").contains("fits the model");
        String[] bad = run("inspect", "../conf/quickstart.conf", "--set", "placement.stages=[[embed, rnn1], [rnn0, out]]");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[2]).contains("placement.stages: stage 0 holds 'rnn1' where 'rnn0' comes next");
    }
}
