package dev.braid.driver.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.driver.UserError;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.spark.SparkTest;
import dev.braid.driver.workload.Runs;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.nn.Slot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedding tables started from a word2vec text file, frozen or fine-tuned; the file's errors by file:line. */
class PretrainedEmbeddingsTest {

    @Test
    void aWord2VecFileIsReadWithOrWithoutItsHeaderAndItsErrorsNameTheLine(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("v.txt");
        Files.writeString(ok, "3 2\na 0.5 -1\nb 2 3e-1\n\nc 0 0\n");
        Map<String, float[]> v = PretrainedEmbeddings.read(Fs.local(), ok.toString(), 2);
        assertThat(v).containsOnlyKeys("a", "b", "c");
        assertThat(v.get("b")).containsExactly(2f, 0.3f);
        Files.writeString(dir.resolve("nohead.txt"), "a 1 2\n");
        assertThat(PretrainedEmbeddings.read(Fs.local(), dir.resolve("nohead.txt").toString(), 2)).containsOnlyKeys("a");
        assertThatThrownBy(() -> PretrainedEmbeddings.read(Fs.local(), ok.toString(), 3)).isInstanceOf(UserError.class)
                .hasMessageContaining("v.txt:1: the vectors have 2 dimensions; the embedding has dim = 3");
        Files.writeString(dir.resolve("bad.txt"), "a 1 2\nb 1 x\n");
        assertThatThrownBy(() -> PretrainedEmbeddings.read(Fs.local(), dir.resolve("bad.txt").toString(), 2))
                .isInstanceOf(UserError.class).hasMessageContaining("bad.txt:2: 'x' (value 2 of 'b') is not a number");
        Files.writeString(dir.resolve("short.txt"), "a 1 2\nb 1\n");
        assertThatThrownBy(() -> PretrainedEmbeddings.read(Fs.local(), dir.resolve("short.txt").toString(), 2))
                .isInstanceOf(UserError.class).hasMessageContaining("short.txt:2: expected a symbol and 2 numbers");
    }

    /** A character model whose frozen embedding starts from vectors of two of its characters: they never move. */
    @Test
    @Tag("spark")
    void aFrozenPretrainedTableStaysWhatTheFileAndTheSeedMadeIt(@TempDir Path dir) throws Exception {
        Path vectors = dir.resolve("chars.txt");
        Files.writeString(vectors, "e 0.25 -0.5 0.75\nt 1 2 3\n");
        List<String> common = List.of("data.train=../datasets/samples/sotu/train", "data.test=../datasets/samples/sotu/test",
                "training.batchSize=4", "training.seqLength=32", "training.epochs=1", "eval.maxChars=200",
                "eval.sampleLength=0", "model.stack=[{type=embedding, name=embed, dim=3, pretrained=\"" + vectors
                        + "\", frozen=true}, {type=recurrent, name=rnn, hidden=16}]");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Runs.charLm(ConfigLoader.load("../conf/quickstart.conf", common), new PrintStream(log, true, StandardCharsets.UTF_8))
                .run(SparkTest.sc(), RunOptions.fresh(dir.resolve("run").toString()));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("Embedding embed: 2 of ").contains(", frozen");
        SavedModel saved = new ModelStore(Fs.local()).load(dir.resolve("run/model").toString());
        Vocabulary chars = saved.vocabulary("tokens");
        StackModel fresh = saved.spec().build(Precision.FLOAT);
        fresh.initParams(42);
        Slot table = fresh.layout().slot("embed.E");
        float[] trained = saved.params();
        for (int id = 0; id < chars.size(); id++) {
            for (int j = 0; j < 3; j++) {
                int at = table.offset() + id * 3 + j;
                float expected = chars.symbol(id).equals("e") ? new float[] {0.25f, -0.5f, 0.75f}[j]
                        : chars.symbol(id).equals("t") ? j + 1 : (float) fresh.params().get(at);
                assertThat(trained[at]).as("row %s", chars.symbol(id)).isEqualTo(expected);
            }
        }
        Slot w = fresh.layout().slot("rnn.W");
        assertThat(trained[w.offset()]).as("the rest trained").isNotEqualTo((float) fresh.params().get(w.offset()));
    }

    @Test
    void aMissingFileIsFoundBeforeSparkStarts(@TempDir Path dir) {
        var cfg = ConfigLoader.load("../conf/quickstart.conf", List.of("data.train=../datasets/samples/sotu/train",
                "data.test=../datasets/samples/sotu/test", "model.stack=[{type=embedding, pretrained=\"" + dir.resolve("no.txt")
                        + "\"}, {type=recurrent, hidden=8}]"));
        assertThatThrownBy(() -> PretrainedEmbeddings.check(Fs.local(), cfg.config().model())).isInstanceOf(UserError.class)
                .hasMessageContaining("model.stack[0]: pretrained = ").hasMessageContaining("does not exist");
    }
}
