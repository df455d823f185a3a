package dev.braid.driver.workload;

import dev.braid.driver.run.TrainingRun;
import dev.braid.driver.run.RunOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.braid.driver.UserError;
import dev.braid.driver.cli.BraidMain;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.spark.SparkTest;
import dev.braid.driver.train.RoundReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The char-LM job end to end on local[2] with the committed SOTU sample: it trains, the loss falls,
 * it writes config, metrics and a model, reports held-out bits per character and samples, and the CLI
 * can load the model it left.
 */
@Tag("spark")
class CharLmJobTest {

    @Test
    void trainsSavesReportsAndTheModelLoads(@TempDir Path dir) throws Exception {
        ConfigLoader.Loaded cfg = ConfigLoader.load("../conf/quickstart.conf", List.of(
                "data.train=../datasets/samples/sotu/train", "data.test=../datasets/samples/sotu/test",
                "model.embedding=16", "model.hidden=48", "training.batchSize=8", "training.seqLength=32",
                "training.epochs=2", "training.timeLimit=10m", "eval.maxChars=3000", "eval.sampleLength=60",
                "eval.dynamicLearningRate=0.001", "eval.dynamicRule=rms", "eval.dynamicDecay=0.01",
                "eval.dynamicSegmentLength=50", "eval.dynamicCalibrationChars=2000", "eval.mixOrders=[1, 2, 3, 4, 6]",
                "eval.mixRecentChars=5000"));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        TrainingRun.Outcome<CharLmReport> out = Runs.charLm(cfg, new PrintStream(text, true, StandardCharsets.UTF_8))
                .run(SparkTest.sc(), RunOptions.of(dir.resolve("run").toString(), false));
        System.out.print(text.toString(StandardCharsets.UTF_8));

        assertThat(out.rounds()).hasSizeGreaterThan(10);
        assertThat(out.lastLoss()).isLessThan(0.7 * out.firstLoss());
        assertThat(out.report().heldOut().bitsPerChar()).isBetween(1.0, Math.log(vocabulary(out)) / Math.log(2));
        assertThat(out.report().heldOutDynamic().bitsPerChar()).isBetween(1.0, Math.log(vocabulary(out)) / Math.log(2));
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("dynamic evaluation (rms, lr 0.001, decay 0.01, 50-char segments)");
        // a small network trained for seconds: n-gram counts of the training text add much to it
        assertThat(out.report().heldOutMixed().bitsPerChar()).isLessThan(out.report().heldOutDynamic().bitsPerChar() - 0.1);
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("dynamic evaluation mixed with n-gram models (orders [1, 2, 3, 4, 6]");
        assertThat(out.report().samples().get(0)).hasSize(60);
        Path run = dir.resolve("run");
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(out.rounds().size());
        assertThat(Files.readString(run.resolve("config.conf"))).contains("seqLength=32");
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("bits/char").contains("Sample");

        assertThat(BraidMain.run("generate", "--model", run.resolve("model").toString(), "--length", "20")).isZero();
        assertThat(BraidMain.run("evaluate", "--model", run.resolve("model").toString(),
                "--data", "../datasets/samples/sotu/test", "--max-chars", "2000", "--json")).isZero();
        assertThat(BraidMain.run("evaluate", "--model", run.resolve("model").toString(), "--data",
                "../datasets/samples/sotu/test", "--max-chars", "500", "--dynamic-lr", "0.001", "--dynamic-rule", "rms",
                "--calibration", "../datasets/samples/sotu/train/{1,2}*")).isZero();
        assertThat(BraidMain.run("evaluate", "--model", run.resolve("model").toString(), "--data",
                "../datasets/samples/sotu/test", "--dynamic-lr", "0.001", "--dynamic-rule", "rms",
                "--calibration", dir.resolve("missing").toString())).isNotZero();
        assertThat(BraidMain.run("evaluate", "--model", run.resolve("model").toString(), "--data",
                "../datasets/samples/sotu/test", "--max-chars", "500", "--mix-orders", "1,2,3", "--json")).isZero();
        assertThat(BraidMain.run("evaluate", "--model", run.resolve("model").toString(), "--data",
                "../datasets/samples/sotu/test", "--mix-orders", "1,2,3", "--mix-text", dir.resolve("missing").toString()))
                .isNotZero();
        assertThat(BraidMain.run("evaluate", "--model", run.resolve("model").toString(), "--data",
                "../datasets/samples/sotu/test", "--mix-orders", "3,2")).isEqualTo(2);
    }

    /** Also with each task's model split into a 2-stage pipeline: its states checkpoint and resume exactly. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"placement.stages=[]",
            "placement.stages=[[embed, rnn0], [rnn1, out]]"})
    void resumedRunEqualsUninterruptedRun(String placement, @TempDir Path dir) {
        List<String> common = List.of("data.train=../datasets/samples/sotu/train", "data.test=../datasets/samples/sotu/test",
                "model.embedding=8", "model.hidden=16", "model.dropout=0.1", "training.batchSize=4",
                "training.seqLength=32", "training.averagingPeriod=20", "training.checkpointEvery=5",
                "eval.maxChars=200", "eval.sampleLength=0", placement, "placement.schedule=wavefront");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        TrainingRun.Outcome<CharLmReport> straight = Runs.charLm(ConfigLoader.load("../conf/quickstart.conf", with(common, "training.epochs=2")), quiet)
                .run(SparkTest.sc(), RunOptions.of(dir.resolve("a").toString(), false));
        TrainingRun.Outcome<CharLmReport> firstPart = Runs.charLm(ConfigLoader.load("../conf/quickstart.conf", with(common, "training.epochs=1")), quiet)
                .run(SparkTest.sc(), RunOptions.of(dir.resolve("b").toString(), false));
        TrainingRun.Outcome<CharLmReport> resumed = Runs.charLm(ConfigLoader.load("../conf/quickstart.conf", with(common, "training.epochs=2")), quiet)
                .run(SparkTest.sc(), RunOptions.of(dir.resolve("b").toString(), true));

        assertThat(resumed.state().rounds()).isEqualTo(straight.state().rounds());
        assertThat(resumed.state().params()).containsExactly(straight.state().params());
        // the resumed run's rounds continue the first part's: its losses, and the training time so far
        assertThat(resumed.rounds()).extracting(RoundReport::loss).containsExactlyElementsOf(
                straight.rounds().stream().map(RoundReport::loss).toList());
        assertThat(resumed.rounds()).extracting(RoundReport::elapsedSeconds).isSorted();
        assertThat(resumed.report().trainSeconds()).isGreaterThan(firstPart.report().trainSeconds());
        assertThat(dir.resolve("b/checkpoints").toFile().list()).hasSize(2);
    }

    @Test
    void fineTunesFromASavedModelOnTheFilesAGlobMatches(@TempDir Path dir) throws Exception {
        List<String> common = List.of("data.test=../datasets/samples/sotu/test", "model.embedding=8", "model.hidden=24",
                "training.batchSize=4", "training.seqLength=32", "training.averagingPeriod=5", "eval.maxChars=300",
                "eval.sampleLength=0");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(text, true, StandardCharsets.UTF_8);
        TrainingRun.Outcome<CharLmReport> base = Runs.charLm(ConfigLoader.load("../conf/quickstart.conf",
                with(with(common, "data.train=../datasets/samples/sotu/train"), "training.epochs=2")), log)
                .run(SparkTest.sc(), RunOptions.of(dir.resolve("base").toString(), false));
        // the two most recent addresses only: a glob, and fewer symbols than the base vocabulary holds
        ConfigLoader.Loaded recent = ConfigLoader.load("../conf/quickstart.conf", with(with(common,
                "data.train=\"../datasets/samples/sotu/train/{1962,2002}_*\""), "model.dropout=0.1"));
        TrainingRun.Outcome<CharLmReport> tuned = Runs.charLm(recent, log).run(SparkTest.sc(), new RunOptions(dir.resolve("tuned").toString(), false, false, Optional.of(dir.resolve("base/model").toString())));
        TrainingRun.Outcome<CharLmReport> scratch = Runs.charLm(recent, log).run(SparkTest.sc(), RunOptions.of(dir.resolve("scratch").toString(), false));

        assertThat(text.toString(StandardCharsets.UTF_8)).contains("train/{1962,2002}_*: ");
        assertThat(vocabulary(tuned)).isEqualTo(vocabulary(base)).isGreaterThan(vocabulary(scratch));
        // a warm start begins where the base model ended, far below a fresh start
        assertThat(tuned.firstLoss()).isLessThan(0.8 * scratch.firstLoss());
        assertThat(tuned.state().params()).isNotEqualTo(base.state().params());
        assertThat(new ModelStore(Fs.local()).load(dir.resolve("tuned/model").toString()).provenance().warmStartedFrom())
                .isEqualTo(dir.resolve("base/model").toString());
        assertThat(new ModelStore(Fs.local()).load(dir.resolve("base/model").toString()).provenance().warmStartedFrom()).isEmpty();

        ConfigLoader.Loaded wider = ConfigLoader.load("../conf/quickstart.conf", with(with(common,
                "data.train=../datasets/samples/sotu/train"), "model.hidden=32"));
        assertThatThrownBy(() -> Runs.charLm(wider, log).run(SparkTest.sc(), new RunOptions(dir.resolve("x").toString(), false, false, Optional.of(dir.resolve("base/model").toString()))))
                .isInstanceOf(UserError.class).hasMessageContaining("same architecture").hasMessageContaining("hidden=32");
        assertThatThrownBy(() -> Runs.charLm(recent, log).run(SparkTest.sc(), new RunOptions(dir.resolve("base").toString(), true, false, Optional.of(dir.resolve("base/model").toString()))))
                .isInstanceOf(UserError.class).hasMessageContaining("exclude each other");

        // the model trained on two addresses as a companion of the base model: another vocabulary,
        // bridged; frozen, it scores on its own exactly what it scores alone
        String baseModel = dir.resolve("base/model").toString();
        String companion = dir.resolve("scratch/model").toString();
        JsonNode alone = json("evaluate", "--model", companion, "--data", "../datasets/samples/sotu/test", "--max-chars", "400",
                "--json");
        JsonNode mixed = json("evaluate", "--model", baseModel, "--data", "../datasets/samples/sotu/test", "--max-chars", "400",
                "--mix-orders", "1,2,3", "--mix-network", companion, "--json");
        assertThat(mixed.get("companions").get(0).get("bitsPerChar").asDouble())
                .isCloseTo(alone.get("bitsPerChar").asDouble(), within(1e-5));
        assertThat(mixed.get("mixed").get("bitsPerChar").asDouble()).isLessThan(mixed.get("bitsPerChar").asDouble());
        assertThat(BraidMain.run("evaluate", "--model", baseModel, "--data", "../datasets/samples/sotu/test", "--mix-network",
                companion)).isEqualTo(2);
        assertThat(BraidMain.run("evaluate", "--model", baseModel, "--data", "../datasets/samples/sotu/test", "--mix-orders", "1,2",
                "--mix-network", dir.resolve("missing").toString())).isEqualTo(2);
        // and in a training run's report (eval.mixNetworks), checked before training
        ConfigLoader.Loaded withCompanion = ConfigLoader.load("../conf/quickstart.conf", with(with(with(common,
                "data.train=\"../datasets/samples/sotu/train/{1962,2002}_*\""), "eval.mixOrders=[1, 2, 3]"),
                "eval.mixNetworks=[\"" + baseModel + "\"]"));
        TrainingRun.Outcome<CharLmReport> accompanied = Runs.charLm(withCompanion, log).run(SparkTest.sc(), RunOptions.of(dir.resolve("c").toString(), false));
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("Held-out, companion network " + baseModel)
                .contains("and 1 companion network(s)");
        assertThat(accompanied.report().heldOutMixed().bitsPerChar()).isLessThan(accompanied.report().heldOut().bitsPerChar());
        ConfigLoader.Loaded missing = ConfigLoader.load("../conf/quickstart.conf", with(with(with(common,
                "data.train=../datasets/samples/sotu/train"), "eval.mixOrders=[1, 2, 3]"),
                "eval.mixNetworks=[\"" + dir.resolve("missing") + "\"]"));
        assertThatThrownBy(() -> Runs.charLm(missing, log).run(SparkTest.sc(), RunOptions.of(dir.resolve("d").toString(), false)))
                .isInstanceOf(UserError.class).hasMessageContaining("eval.mixNetworks lists");
    }

    /** The JSON object a CLI command prints on its last line (it must succeed). */
    private static JsonNode json(String... args) throws Exception {
        dev.braid.driver.cli.CapturedRun r = dev.braid.driver.cli.CapturedRun.of(args);
        System.err.print(r.err());
        assertThat(r.code()).isZero();
        String[] lines = r.out().trim().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    private static int vocabulary(TrainingRun.Outcome<?> run) {
        return run.spec().build(dev.braid.worker.kernel.Precision.FLOAT).outputs();
    }

    private static List<String> with(List<String> base, String extra) {
        List<String> all = new java.util.ArrayList<>(base);
        all.add(extra);
        return all;
    }
}
