package dev.braid.driver.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.cli.BraidMain;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.run.RunOptions;
import dev.braid.driver.run.TrainingRun;
import dev.braid.driver.spark.SparkTest;
import dev.braid.worker.data.Bpe;
import dev.braid.worker.data.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sentence translation end to end on local[2], on the committed excerpt of the English-Spanish corpus
 * (datasets/samples/translation-en-es) with conf/translation-en-es.conf made tiny: subword vocabularies
 * learned with Spark and saved with the model, a run stopped after one epoch and resumed ending with the
 * uninterrupted run's bits, the baselines in the report, and the saved model translating a file and
 * evaluated by the CLI with the report's figures.
 */
@Tag("spark")
class TranslationJobTest {
    private static final String SAMPLE = "../datasets/samples/translation-en-es/";

    private static ConfigLoader.Loaded config(int epochs, String... more) {
        List<String> settings = new ArrayList<>(List.of("data.train=" + SAMPLE + "train.tsv",
                "data.validation=" + SAMPLE + "validation.tsv", "data.test=" + SAMPLE + "test.tsv",
                "seq2seq.baselineDictionary=" + SAMPLE + "dictionary.tsv", "data.vocabulary.maxSize=800",
                "seq2seq.subwords.merges=600", "model.embedding=16", "model.hidden=32", "seq2seq.encoderLayers=1",
                "seq2seq.decoderLayers=1", "seq2seq.maxSourceLength=60", "seq2seq.maxTargetLength=60",
                "seq2seq.tokensPerBatch=2000", "seq2seq.beam=2", "seq2seq.maxLengthRatio=1.2", "training.averagingPeriod=8",
                "training.epochs=" + epochs, "optimizer.warmupSteps=5", "optimizer.decay=inverse-sqrt"));
        settings.addAll(List.of(more));
        return ConfigLoader.load("../conf/translation-en-es.conf", settings);
    }

    /**
     * Batches kept on executor disk, one block per batch and read one by one each round, train the same
     * bits as batches kept in memory; the data fingerprint is the same, so a run may resume in either mode.
     */
    @Test
    void batchesKeptOnDiskTrainTheSameBitsAsInMemory(@TempDir Path dir) throws java.io.IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
        TrainingRun.Outcome<Seq2SeqReport> memory = Runs.seq2seq(config(1, "seq2seq.beam=1"), out)
                .run(SparkTest.sc(), RunOptions.fresh(dir.resolve("memory").toString()));
        TrainingRun.Outcome<Seq2SeqReport> disk = Runs.seq2seq(config(2, "seq2seq.beam=1", "data.cache=disk"), out)
                .run(SparkTest.sc(), RunOptions.fresh(dir.resolve("disk").toString()));
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("target tokens, kept on executor disk");
        // the run report: validation BLEU per epoch, attention heat maps of test sentences and the source
        // embedding's map beside the training curves
        assertThat(dev.braid.driver.report.ReportChecks.check(dir.resolve("memory"))).contains("loss", "validation",
                "attention-1", "attention-2", "embedding");
        assertThat(disk.rounds().subList(0, memory.rounds().size())).extracting(dev.braid.driver.train.RoundReport::loss)
                .containsExactlyElementsOf(memory.rounds().stream().map(dev.braid.driver.train.RoundReport::loss).toList());
        // the first epoch of the disk run is the memory run: resuming it with the data on disk ends where the disk run ends
        TrainingRun.Outcome<Seq2SeqReport> resumed = Runs.seq2seq(config(2, "seq2seq.beam=1", "data.cache=disk"), out)
                .run(SparkTest.sc(), RunOptions.of(dir.resolve("memory").toString(), true));
        assertThat(resumed.state().params()).containsExactly(disk.state().params());
    }

    @Test
    void trainsOnSubwordsResumesExactlyAndTranslates(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
        TrainingRun.Outcome<Seq2SeqReport> straight = Runs.seq2seq(config(2), out)
                .run(SparkTest.sc(), RunOptions.fresh(dir.resolve("a").toString()));
        System.out.print(text.toString(StandardCharsets.UTF_8));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Runs.seq2seq(config(1), quiet).run(SparkTest.sc(), RunOptions.fresh(dir.resolve("b").toString()));
        TrainingRun.Outcome<Seq2SeqReport> resumed = Runs.seq2seq(config(2), quiet)
                .run(SparkTest.sc(), RunOptions.of(dir.resolve("b").toString(), true));
        assertThat(resumed.state().params()).containsExactly(straight.state().params());

        // the subword vocabularies: learned jointly, saved with the model, read back with their merges
        SavedModel model = new ModelStore(Fs.local()).load(dir.resolve("a/model").toString());
        Bpe merges = model.vocabulary("source").bpe();
        assertThat(merges).isNotNull();
        assertThat(merges.merges()).hasSize(600);
        assertThat(model.vocabulary("target").bpe().merges()).usingElementComparator(java.util.Arrays::compare)
                .containsExactlyElementsOf(merges.merges());
        assertThat(Files.readAllBytes(dir.resolve("a/model/merges-target.txt")))
                .isEqualTo(Files.readAllBytes(dir.resolve("b/model/merges-target.txt")));
        String sentence = "The Congress shall have power to lay and collect taxes.";
        int[] ids = Tokenizer.BPE.encode(model.vocabulary("source"), sentence);
        assertThat(ids.length).isLessThan(sentence.length() / 2);
        assertThat(Tokenizer.BPE.decode(model.vocabulary("source"), ids)).isEqualTo(sentence);

        // the floors: copying English scores low against Spanish, word-by-word substitution higher
        Seq2SeqReport report = straight.report();
        assertThat(report.baselines()).extracting(TranslationBaselines.Baseline::name)
                .containsExactly("copy the source", "word by word");
        assertThat(report.baselines().get(1).bleu()).isGreaterThan(report.baselines().get(0).bleu() + 2);
        assertThat(report.baselines().get(1).chrf()).isGreaterThan(report.baselines().get(0).chrf() + 5);
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("Test baseline word by word: BLEU ")
                .contains("validation (200 sentences, beam 1): BLEU ");

        // the saved model translates a file into detokenised lines, and the CLI's evaluation is the report's
        Path input = dir.resolve("in.txt");
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(SAMPLE + "test.tsv")).subList(0, 5)
                .stream().map(l -> l.substring(0, l.indexOf('\t'))).toList());
        lines.add("");
        Files.write(input, lines, StandardCharsets.UTF_8);
        assertThat(BraidMain.run("translate", "--model", dir.resolve("a/model").toString(), "--input", input.toString(),
                "--output", dir.resolve("out.txt").toString(), "--master", "local[2]", "--beam", "1")).isZero();
        List<String> translated = Files.readAllLines(dir.resolve("out.txt"));
        assertThat(translated).hasSize(6).last().isEqualTo("");
        assertThat(translated.subList(0, 5)).allSatisfy(t -> assertThat(t).isNotBlank().doesNotContain(Bpe.WORD)
                .doesNotContain("  "));
        PrintStream stdout = System.out;
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        System.setOut(new PrintStream(json, true, StandardCharsets.UTF_8));
        try {
            assertThat(BraidMain.run("evaluate", "--model", dir.resolve("a/model").toString(), "--data", SAMPLE + "test.tsv",
                    "--beam", "1", "--json")).isZero();
        } finally {
            System.setOut(stdout);
        }
        JsonNode scores = new ObjectMapper().readTree(json.toString(StandardCharsets.UTF_8).trim());
        assertThat(scores.get("bleu").asDouble()).isEqualTo(report.testGreedy().bleu());
        assertThat(scores.get("chrf").asDouble()).isEqualTo(report.testGreedy().chrf());
    }
}
