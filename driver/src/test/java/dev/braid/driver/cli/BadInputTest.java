package dev.braid.driver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.Provenance;
import dev.braid.driver.io.SavedModel;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.seq2seq.AttentionType;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.worker.rnn.CellType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input at the CLI, one case per test: exit status 2, one paragraph naming the file:line or key, the
 * value and the fix, no stack trace — and nothing written, replaced or deleted. Every case fails before
 * Spark starts. (The models here are untrained but real: saved by ModelStore as a run saves them.)
 */
class BadInputTest {
    @TempDir
    static Path dir;
    static Path lm;
    static Path s2s;
    static Path text;

    private static String[] run(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        int code;
        try {
            code = BraidMain.run(args);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
    }

    private static void refused(String[] result, String... fragments) {
        assertThat(result[0]).as(result[1]).isEqualTo("2");
        String msg = result[1].trim();
        assertThat(msg).startsWith("braid: ").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(msg.lines().count()).as(msg).isEqualTo(1);
        for (String f : fragments) {
            assertThat(msg).contains(f);
        }
    }

    private static String[] train(String... args) {
        List<String> all = new ArrayList<>(List.of("train", "../conf/quickstart.conf", "--set",
                "data.train=../datasets/samples/sotu/train", "--set", "data.test=../datasets/samples/sotu/test"));
        if (!List.of(args).contains("--run-dir")) {
            all.addAll(List.of("--run-dir", dir.resolve("runs/" + System.nanoTime()).toString()));
        }
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @BeforeAll
    static void models() throws Exception {
        ConfigLoader.Loaded lmCfg = ConfigLoader.load("../conf/quickstart.conf", List.of(
                "data.train=../datasets/samples/sotu/train", "data.test=../datasets/samples/sotu/test"));
        Vocabulary chars = Vocabulary.of(List.of("a", "b", "c", " ", "\n"));
        LanguageModelSpec spec = new LanguageModelSpec(chars.size(), 4, CellType.LSTM, 8, 1, 0.0);
        StackModel model = spec.build(Precision.FLOAT);
        model.initParams(1);
        lm = dir.resolve("lm");
        new ModelStore(Fs.local()).save(Fs.local().qualify(lm.toString()), new SavedModel(spec.stack(), Map.of("tokens", chars),
                model.params().toFloatArray(), new float[0], lmCfg.rendered(), Provenance.of("0", lmCfg.rendered(), 1, 0)));

        ConfigLoader.Loaded s2sCfg = ConfigLoader.load(null, List.of("workload=seq2seq", "data.format=tsv",
                "data.train=train.tsv", "data.validation=valid.tsv", "data.test=test.tsv", "seq2seq.targetTokens=chars"));
        Vocabulary src = Vocabulary.of(List.of("a", "b", "c"));
        Seq2SeqSpec s = new Seq2SeqSpec(src.size(), src.size(), 4, CellType.LSTM, 8, 1, 1, false, AttentionType.LUONG, 0, 0,
                false);
        StackModel m = s.build(Precision.FLOAT);
        m.initParams(1);
        s2s = dir.resolve("s2s");
        new ModelStore(Fs.local()).save(Fs.local().qualify(s2s.toString()), new SavedModel(s.stack(), Map.of("source", src,
                "target", src), m.params().toFloatArray(), new float[0], s2sCfg.rendered(),
                Provenance.of("0", s2sCfg.rendered(), 1, 0)));
        text = Files.writeString(dir.resolve("text.txt"), "abc abc\nabc\n");
    }

    private static Path copyOf(Path model, String name) throws Exception {
        Path copy = Files.createDirectories(dir.resolve(name));
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    // --- the command line and the configuration ---

    @Test
    void setWithoutAnEqualsSign() {
        refused(run(train("--set", "training.epochs")), "--set training.epochs is not of the form key=value");
    }

    @Test
    void aConfigFileThatIsNotHocon() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.conf"), "training { epochs = 2\n");
        refused(run("train", bad.toString()), "bad.conf is not valid HOCON");
    }

    @Test
    void zeroWorkers() {
        refused(run(train("--set", "training.workers=0")), "training.workers", "0");
    }

    @Test
    void aLossSpikeFactorAtOrBelowOne() {
        refused(run(train("--set", "training.lossSpike=0.5")), "training.lossSpike", "0 (off) or above 1");
    }

    @Test
    void keepingNoCheckpoints() {
        refused(run(train("--set", "training.keepCheckpoints=0")), "training.keepCheckpoints");
    }

    @Test
    void anUnknownBadLinesPolicy() {
        refused(run(train("--set", "data.badLines=maybe")), "data.badLines", "maybe");
    }

    @Test
    void anUnknownWorkload() {
        refused(run(train("--set", "workload=classifier")), "workload", "classifier");
    }

    @Test
    void aSeq2seqRunOnText() {
        refused(run(train("--set", "workload=seq2seq", "--set", "data.validation=x")), "data.format", "pairs");
    }

    @Test
    void aSeq2seqRunWithoutValidation() {
        refused(run(train("--set", "workload=seq2seq", "--set", "data.format=tsv")), "data.validation",
                "needs a validation set");
    }

    private static final String TWO_STAGES = "placement.stages=[[embed, rnn0], [rnn1, out]]";

    @Test
    void aPlacementNamingAnUnknownLayer() {
        refused(run(train("--set", "placement.stages=[[embed, lstm1], [rnn1, out]]")), "placement.stages", "'lstm1'",
                "[embed, rnn0, rnn1, out]");
    }

    /** Issue 26 item 9: a one-stage placement was not checked at all (a typo trained and exited 0). */
    @Test
    void aOneStagePlacementThatIsNotTheModel() {
        refused(run(train("--set", "placement.stages=[[no_such_layer]]")), "placement.stages", "one stage",
                "[embed, rnn0, rnn1, out]", "placement.stages = []");
    }

    @Test
    void aPlacementThatLeavesALayerOut() {
        refused(run(train("--set", "placement.stages=[[embed, rnn0], [rnn1]]")), "'out' is in no stage");
    }

    @Test
    void aPlacementOnADeviceTheTaskDoesNotHave() {
        refused(run(train("--set", TWO_STAGES, "--set", "placement.devices=[0, 5]")), "placement.devices", "device 5",
                "not present");
    }

    @Test
    void aPipelineOnAnEmbeddedSparkWithTooFewCores() {
        refused(run(train("--set", TWO_STAGES, "--master", "local[1]")), "local[1] has 1 core(s)", "spark.task.cpus");
    }

    @Test
    void anUnknownPipelineSchedule() {
        refused(run(train("--set", TWO_STAGES, "--set", "placement.schedule=pipedream")), "placement.schedule",
                "gpipe, 1f1b or wavefront");
    }

    @Test
    void moreMicroBatchesThanRows() {
        refused(run(train("--set", TWO_STAGES, "--set", "placement.microBatches=64")), "placement.microBatches",
                "training.batchSize = 32");
    }

    @Test
    void cudaOnAMachineWithoutAGpu() {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.braid.worker.kernel.CudaKernels.devices() == 0, "this machine has a GPU");
        refused(run(train("--set", "worker.device=cuda")), "worker.device = cuda", "no CUDA device", "worker.device = auto");
    }

    @Test
    void anUnknownDevice() {
        refused(run(train("--set", "worker.device=gpu")), "worker.device", "auto, cpu, cuda");
    }

    @Test
    void aPipelineOnTheGpu() {
        refused(run(train("--set", TWO_STAGES, "--set", "worker.device=cuda")), "placement.stages",
                "worker.device = cpu (or auto)");
    }

    @Test
    void stagesThatAreNotListsOfLayers() {
        refused(run(train("--set", "placement.stages=[embed, out]")), "placement.stages", "list of lists");
    }

    @Test
    void missingSeq2seqDataIsFoundBeforeSparkStarts() {
        refused(run("train", "../conf/g2p-cmudict.conf", "--set", "data.train=" + dir.resolve("none.txt"), "--set",
                "data.validation=" + text, "--set", "data.test=" + text), "data.train=", "does not exist",
                "before training starts");
    }

    @Test
    void aCompanionNetworkThatIsNotAModel() {
        refused(run(train("--set", "eval.mixOrders=[1, 2]", "--set", "eval.mixNetworks=[\"" + dir + "\"]")),
                "eval.mixNetworks lists", "no model.json");
    }

    @Test
    void resumingADirectoryThatDoesNotExist() {
        refused(run(train("--resume", "--run-dir", dir.resolve("never").toString())), "--resume needs --run-dir naming an "
                + "existing run directory");
    }

    @Test
    void resumingARunWithoutCheckpoints() throws Exception {
        Path run = Files.createDirectories(dir.resolve("young"));
        Files.writeString(run.resolve("config.conf"), "name = young\n");
        refused(run(train("--resume", "--run-dir", run.toString())), "has no checkpoint to resume");
    }

    @Test
    void resumingAndWarmStartingAtOnce() {
        refused(run(train("--resume", "--init-from", lm.toString())), "--resume and --init-from exclude each other");
    }

    @Test
    void aRunDirectoryThatIsAFile() {
        refused(run(train("--run-dir", text.toString())), "is a file");
    }

    @Test
    void aWarmStartFromAModelOfAnotherKind() {
        refused(run(train("--init-from", s2s.toString())), "has no tokens vocabulary", "a model of this workload");
    }

    @Test
    void aWarmStartFromAModelOfAnotherShape() {
        refused(run(train("--init-from", lm.toString())), "same architecture", "hidden=256");
    }

    // --- models ---

    @Test
    void aModelDirectoryThatHoldsNoModel() {
        refused(run("generate", "--model", dir.toString()), "No Braid model at");
    }

    @Test
    void aDamagedModel() throws Exception {
        Path copy = copyOf(lm, "damaged");
        byte[] params = Files.readAllBytes(copy.resolve("params.bin"));
        params[10] ^= 4;
        Files.write(copy.resolve("params.bin"), params);
        refused(run("generate", "--model", copy.toString()), "is damaged: params.bin does not match its SHA-256");
    }

    @Test
    void aVocabularyWithADuplicateSymbol() throws Exception {
        Path copy = copyOf(lm, "twice");
        Files.writeString(copy.resolve("vocabulary-tokens.json"), "[\"<pad>\",\"<s>\",\"</s>\",\"<unk>\",\"a\",\"a\",\"b\","
                + "\"c\",\" \"]");
        dev.braid.driver.io.Resign.manifest(copy);
        refused(run("generate", "--model", copy.toString()), "vocabulary-tokens.json is not a vocabulary Braid wrote",
                "appears twice");
    }

    @Test
    void aGarbledModelConfig() throws Exception {
        Path copy = copyOf(lm, "garbled");
        Files.writeString(copy.resolve("config.conf"), "training { epochs = \n");
        dev.braid.driver.io.Resign.manifest(copy);
        refused(run("evaluate", "--model", copy.toString(), "--data", text.toString()),
                "config.conf is not a configuration Braid wrote");
    }

    @Test
    void aModelConfigThatIncludesAnotherFile() throws Exception {
        Path copy = copyOf(lm, "including");
        Files.writeString(copy.resolve("config.conf"), "include file(\"/etc/hostname\")\n"
                + Files.readString(lm.resolve("config.conf")));
        dev.braid.driver.io.Resign.manifest(copy);
        refused(run("evaluate", "--model", copy.toString(), "--data", text.toString()), "includes '/etc/hostname'");
    }

    @Test
    void aModelFileThatLinksElsewhere() throws Exception {
        Path copy = copyOf(lm, "linking");
        Files.delete(copy.resolve("config.conf"));
        Files.createSymbolicLink(copy.resolve("config.conf"), lm.resolve("config.conf"));
        refused(run("evaluate", "--model", copy.toString(), "--data", text.toString()), "holds symbolic links (config.conf)");
    }

    @Test
    void anUnreachableFileSystem() {
        refused(run("generate", "--model", "hdfs://127.0.0.1:1/models/m"), "Cannot reach hdfs://127.0.0.1:1/models/m");
    }

    // --- evaluate ---

    /** Issue 26 item 9: training refuses a TSV line with three columns; evaluate accepted it and reported WER 100%. */
    @Test
    void evaluateATsvLineWithThreeColumns(@TempDir Path dir) throws Exception {
        Path tsv = Files.writeString(dir.resolve("pairs.tsv"), "abc\tcba\nab\tba\textra\n");
        refused(run("evaluate", "--model", s2s.toString(), "--data", tsv.toString()), tsv + ":2 has 3 columns",
                "exactly two columns");
    }

    @Test
    void evaluateABeamOfZero() {
        refused(run("evaluate", "--model", s2s.toString(), "--data", text.toString(), "--beam", "0"), "--beam 0", ">= 1");
    }

    @Test
    void evaluateANegativeDynamicRate() {
        refused(run("evaluate", "--model", lm.toString(), "--data", text.toString(), "--dynamic-lr", "-1"),
                "--dynamic-lr -1.0", ">= 0");
    }

    @Test
    void evaluateZeroStreams() {
        refused(run("evaluate", "--model", lm.toString(), "--data", text.toString(), "--streams", "0"),
                "eval.streams=0 (from --streams 0)", "must be >= 1");
    }

    @Test
    void generateAtZeroTemperature() {
        refused(run("generate", "--model", lm.toString(), "--temperature", "0"), "eval.temperature=0.0 (from --temperature 0.0)",
                "must be > 0");
    }

    @Test
    void evaluateMissingData() {
        refused(run("evaluate", "--model", lm.toString(), "--data", dir.resolve("absent.txt").toString()),
                "--data " + dir.resolve("absent.txt") + " does not exist");
    }

    @Test
    void evaluateAnEmptyFile() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        refused(run("evaluate", "--model", lm.toString(), "--data", empty.toString()), "holds 0 character(s)");
    }

    @Test
    void evaluateMoreStreamsThanTheTextHolds() {
        refused(run("evaluate", "--model", lm.toString(), "--data", text.toString(), "--streams", "100"),
                "100 streams over the 12 characters", "fewer streams");
    }

    @Test
    void evaluateTextWithInvalidUtf8() throws Exception {
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "abc\ncaf\u00e9 abc\n".getBytes(StandardCharsets.ISO_8859_1));
        refused(run("evaluate", "--model", lm.toString(), "--data", latin1.toString()), latin1 + ":2 has invalid UTF-8",
                "0xE9", "iconv");
    }

    @Test
    void evaluateTextWithANulByte() throws Exception {
        Path binary = Files.write(dir.resolve("nul.txt"), new byte[] {'a', 'b', '\n', 'a', 0, 'b', '\n'});
        refused(run("evaluate", "--model", lm.toString(), "--data", binary.toString()), binary + ":2 has a NUL byte");
    }

    @Test
    void evaluatePairsWithThreeColumns() throws Exception {
        Path tsv = Files.writeString(dir.resolve("three.tsv"), "abc\tcba\nab\tba\textra\n");
        refused(run("evaluate", "--model", s2s.toString(), "--data", tsv.toString()), tsv + ":2 has 3 columns",
                "data.badLines = skip");
    }

    @Test
    void evaluatePairsWithoutATab() throws Exception {
        Path tsv = Files.writeString(dir.resolve("notab.tsv"), "abc cba\n");
        refused(run("evaluate", "--model", s2s.toString(), "--data", tsv.toString()), tsv + ":1 has no TAB");
    }

    @Test
    void evaluateMixOrdersThatDescend() {
        refused(run("evaluate", "--model", lm.toString(), "--data", text.toString(), "--mix-orders", "3,2"),
                "must ascend");
    }

    @Test
    void evaluateACompanionWithoutMixing() {
        refused(run("evaluate", "--model", lm.toString(), "--data", text.toString(), "--mix-network", lm.toString()),
                "eval.mixNetworks", "(from --mix-network", "companion networks join context mixing");
    }

    // --- translate ---

    @Test
    void translateMoreHypothesesThanTheBeamHolds() throws Exception {
        refused(run("translate", "--model", s2s.toString(), "--input", "-", "--beam", "2", "--nbest", "3"),
                "need 1 <= nbest <= beam");
    }

    @Test
    void translateAFileWithoutOutput() {
        refused(run("translate", "--model", s2s.toString(), "--input", text.toString()), "--output is required");
    }

    @Test
    void translateIntoTheInputThroughADotPath() throws Exception {
        Path dotted = dir.resolve(".").resolve("text.txt");
        refused(run("translate", "--model", s2s.toString(), "--input", text.toString(), "--output", dotted.toString(),
                "--overwrite"), "is the input file");
        assertThat(text).hasContent("abc abc\nabc");
    }

    /** Issue 26 item 7: retrain skipped the input checks; a missing data.test failed only after a version trained. */
    @Test
    void retrainingWithAMissingTestSetIsRefusedBeforeSparkStarts(@TempDir Path d) throws Exception {
        Path partition = Files.createDirectories(d.resolve("data/dt=2024-01-01"));
        Files.writeString(partition.resolve("a.txt"), "Some text for a partition.\n");
        refused(run("retrain", "--registry", d.resolve("reg").toString(), "--data", d.resolve("data").toString(),
                "--config", "../conf/quickstart.conf", "--set", "data.test=" + d.resolve("missing"), "--master", "local[1]"),
                "data.test=" + d.resolve("missing"), "does not exist");
        assertThat(d.resolve("reg")).doesNotExist();
    }

    @Test
    void retrainingAnotherWorkloadWithAGrowingVocabulary() {
        refused(run("retrain", "--registry", dir.resolve("reg").toString(), "--data", dir.toString(), "--config",
                "../conf/g2p-cmudict.conf", "--set", "retrain.unseenSymbols=grow", "--master", "local[1]"),
                "retrain.unseenSymbols=grow", "grows a character model's vocabulary");
    }

    // --- a forecaster's series and model ---

    private static String[] forecast(Path series, String... sets) {
        List<String> all = new ArrayList<>(List.of("train", "../conf/births.conf", "--run-dir",
                dir.resolve("runs/forecast").toString(), "--set", "data.train=" + series, "--set", "data.test=" + series));
        for (String s : sets) {
            all.addAll(List.of("--set", s));
        }
        return all.toArray(String[]::new);
    }

    @Test
    void aForecastSeriesWithANonNumericValue() throws Exception {
        Path bad = Files.writeString(dir.resolve("births-bad.csv"), "year,month,date_of_month,births\n2014,1,1,100\n"
                + "2014,1,2,n/a\n");
        refused(run(forecast(bad)), "births-bad.csv:3", "column births holds \"n/a\", not a number");
        assertThat(dir.resolve("runs/forecast")).doesNotExist();
    }

    @Test
    void aForecastSeriesWithAMissingDay() throws Exception {
        Path bad = Files.writeString(dir.resolve("births-gap.csv"), "year,month,date_of_month,births\n2014,1,1,100\n"
                + "2014,1,3,100\n");
        refused(run(forecast(bad)), "births-gap.csv:3", "1 day(s) missing", "forecast.gaps = fill");
    }

    @Test
    void aForecastSeriesTooShortForAWindow() {
        refused(run(forecast(Path.of("../datasets/samples/us-births/births.csv").toAbsolutePath(),
                "forecast.testFrom=2012-03-01")), "holds 60 day(s) before forecast.testFrom = 2012-03-01",
                "forecast.window + forecast.horizon = 126");
    }

    @Test
    void aForecastHeadThatIsNotTheHorizon() {
        refused(run(forecast(Path.of("../datasets/samples/us-births/births.csv").toAbsolutePath(), "model.head.outputs=7",
                "forecast.testFrom=2014-06-01")), "model.head must be a regression head of 14 outputs (forecast.horizon)",
                "outputs = 0");
    }

    @Test
    void anUnknownCalendarFeature() {
        refused(run(forecast(Path.of("x.csv"), "forecast.calendar=[day-of-week, easter]")), "forecast.calendar",
                "'easter' is not a calendar feature", "day-of-week, day-of-year, holidays");
    }

    // --- classification ---

    private static String[] classify(String... sets) {
        List<String> all = new ArrayList<>(List.of("train", "../conf/spam.conf", "--run-dir",
                dir.resolve("runs/" + System.nanoTime()).toString()));
        for (String set : sets) {
            all.addAll(List.of("--set", set));
        }
        return all.toArray(String[]::new);
    }

    @Test
    void aClassifierOnTextData() {
        refused(run(classify("data.format=text")), "data.format", "workload classify reads a mail corpus: use mail");
    }

    @Test
    void aTestCorpusOfOtherClasses() throws Exception {
        Path other = dir.resolve("other-classes");
        for (String c : List.of("good", "bad")) {
            Files.createDirectories(other.resolve(c));
            Files.writeString(other.resolve(c).resolve("1.eml"), "Subject: hi\n\nhello\n");
        }
        refused(run(classify("data.train=../datasets/samples/spam-assassin", "data.test=" + other)),
                "has the class folders [bad, good]", "has [ham, spam]", "same classes");
    }

    @Test
    void aClassifierWithoutASigmoidHead() throws Exception {
        Path conf = Files.writeString(dir.resolve("softmax-classifier.conf"), "workload = classify\n"
                + "data { train = \"" + Path.of("../datasets/samples/spam-assassin").toAbsolutePath() + "\", test = ${data.train}, "
                + "format = mail }\nmodel { stack = [{type = embedding, name = e}, {type = pool, name = p, mode = max}], "
                + "head = {type = softmax, name = out} }\n");
        refused(run("train", conf.toString(), "--run-dir", dir.resolve("runs/softmax").toString()),
                "model.head must be a sigmoid head of labels = 1");
    }

    @Test
    void aTestFractionOfOne() {
        refused(run(classify("classify.testFraction=1")), "classify.testFraction", "strictly between 0 and 1");
    }

    @Test
    void classifyingWithAModelThatIsNotAClassifier() {
        refused(run("classify", "--model", lm.toString(), "--input", text.toString()), "has no classifier.json",
                "not a classifier's model");
    }

    @Test
    void classifyingAMissingInput() {
        refused(run("classify", "--model", lm.toString(), "--input", dir.resolve("no-such-mails").toString()),
                "--input", "does not exist");
    }
}
