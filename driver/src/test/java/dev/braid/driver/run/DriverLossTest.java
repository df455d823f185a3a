package dev.braid.driver.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.BraidProcess;
import dev.braid.driver.UserError;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.spark.SparkTest;
import dev.braid.driver.train.RoundReport;
import dev.braid.driver.workload.CharLmReport;
import dev.braid.driver.workload.Runs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver that dies: a stateful char-LM run in a child JVM is SIGKILLed in the middle of an epoch
 * (after a checkpoint, with rounds past it), or stopped with SIGTERM between checkpoints; resumed, it
 * ends with exactly the parameters, losses and rounds of a run that was never interrupted. A resume
 * against changed data is refused.
 */
@Tag("spark")
class DriverLossTest {
    private static final List<String> SETTINGS = List.of("data.train=../datasets/samples/sotu/train",
            "data.test=../datasets/samples/sotu/test", "model.embedding=8", "model.hidden=16", "model.dropout=0.1",
            "training.batchSize=4", "training.seqLength=32", "training.averagingPeriod=4", "training.epochs=3",
            "eval.maxChars=200", "eval.sampleLength=0");

    private static ConfigLoader.Loaded config(Path data, String... extra) {
        List<String> all = new ArrayList<>(SETTINGS);
        if (data != null) {
            all.set(0, "data.train=" + data);
        }
        all.addAll(List.of(extra));
        return ConfigLoader.load("../conf/quickstart.conf", all);
    }

    private static TrainingRun.Outcome<CharLmReport> train(ConfigLoader.Loaded cfg, Path run, boolean resume, PrintStream out) {
        return Runs.charLm(cfg, out).run(SparkTest.sc(), RunOptions.of(run.toString(), resume));
    }

    private static Process child(Path run, Path log, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("train", "../conf/quickstart.conf", "--run-dir", run.toString(),
                "--master", "local[2]"));
        for (String s : SETTINGS) {
            args.add("--set");
            args.add(s);
        }
        for (String s : extra) {
            args.add("--set");
            args.add(s);
        }
        return BraidProcess.start(log, args);
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The cursor of the newest checkpoint, if any. */
    private static Optional<JsonNode> newestCursor(Path run) {
        Path dir = run.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> all = Files.list(dir)) {
            Optional<Path> newest = all.filter(p -> p.getFileName().toString().startsWith("round-")).max(Path::compareTo);
            return newest.isEmpty() ? Optional.empty()
                    : Optional.of(new ObjectMapper().readTree(newest.get().resolve("cursor.json").toFile()));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty(); // being renamed into place
        }
    }

    private static void assertSameTraining(TrainingRun.Outcome<CharLmReport> resumed, TrainingRun.Outcome<CharLmReport> straight) {
        assertThat(resumed.state().rounds()).isEqualTo(straight.state().rounds());
        assertThat(resumed.state().params()).containsExactly(straight.state().params());
        assertThat(resumed.state().optimizer()).containsExactly(straight.state().optimizer());
        assertThat(resumed.state().partitions()).isEqualTo(straight.state().partitions());
        for (int i = 0; i < straight.state().partitions(); i++) {
            assertThat(straight.state().rnnState(i)).as("partition %d's carried state", i).isNotEmpty();
            assertThat(resumed.state().rnnState(i)).as("partition %d's carried state", i)
                    .containsExactly(straight.state().rnnState(i));
        }
        assertThat(resumed.counted()).extracting(RoundReport::loss)
                .containsExactlyElementsOf(straight.counted().stream().map(RoundReport::loss).toList());
        assertThat(resumed.counted()).extracting(RoundReport::round)
                .containsExactlyElementsOf(straight.counted().stream().map(RoundReport::round).toList());
    }

    @Test
    void sigkillInTheMiddleOfAnEpochThenResumeEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        TrainingRun.Outcome<CharLmReport> straight = train(config(null, "training.checkpointEvery=5"), dir.resolve("a"), false,
                quiet);

        Path run = dir.resolve("b");
        Path log = dir.resolve("b.log");
        Process p = child(run, log, "training.checkpointEvery=5");
        long[] checkpointed = new long[1];
        // a checkpoint in the middle of the first epoch, and rounds trained past it
        BraidProcess.await(p, log, () -> newestCursor(run).filter(c -> c.get("epoch").asInt() == 0
                && c.get("nextBatch").asInt() > 0).map(c -> checkpointed[0] = c.get("rounds").asLong()).isPresent()
                && lines(run.resolve("metrics.jsonl")) > checkpointed[0] + 1);
        assertThat(BraidProcess.signal(p, "KILL")).isEqualTo(137);

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        TrainingRun.Outcome<CharLmReport> resumed = train(config(null, "training.checkpointEvery=5"), run, true,
                new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(text.toString(StandardCharsets.UTF_8)).containsPattern("Resuming from round \\d+ \\(epoch 1, batch [1-9]");
        assertSameTraining(resumed, straight);
    }

    @Test
    void sigtermWritesACheckpointAndTheResumedRunEqualsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        TrainingRun.Outcome<CharLmReport> straight = train(config(null, "training.checkpointEvery=1000"), dir.resolve("a"),
                false, quiet);

        Path run = dir.resolve("b");
        Path log = dir.resolve("b.log");
        Process p = child(run, log, "training.checkpointEvery=1000");
        BraidProcess.await(p, log, () -> lines(run.resolve("metrics.jsonl")) >= 12);
        assertThat(newestCursor(run)).as("no periodic checkpoint yet").isEmpty();
        int status = BraidProcess.signal(p, "TERM");
        assertThat(status).as("stopped by the signal").isIn(130, 143);
        assertThat(Files.readString(log)).containsPattern("Stopped: checkpoint of round \\d+ written");
        assertThat(newestCursor(run)).isPresent();

        TrainingRun.Outcome<CharLmReport> resumed = train(config(null, "training.checkpointEvery=1000"), run, true, quiet);
        assertSameTraining(resumed, straight);
    }

    /**
     * An elastic resume: a run of 2 workers x 4 streams is SIGKILLed in the middle of its epoch and resumed as
     * 4 workers x 2 streams. Not bit-identical (a worker averages 2 streams' gradients, not 4), so the test checks
     * what must hold instead: the checkpoint's data fingerprint is recomputed for its dealing and matches; the run
     * continues at the checkpoint's cursor and trains exactly the rounds of the uninterrupted run (the same
     * streams, the same segments); with one minibatch per round, its first round meets the same parameters,
     * streams and carried states as the uninterrupted run's did, so its loss is that round's to rounding (a state
     * dealt to the wrong rows, or reset, would not be); its last loss is within 5% of the uninterrupted run's.
     */
    @Test
    void anElasticResumeDealsTheStreamsAndTheirStatesToFourWorkers(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        String[] two = {"training.checkpointEvery=5", "model.dropout=0", "training.averagingPeriod=1", "training.epochs=1"};
        TrainingRun.Outcome<CharLmReport> straight = train(config(null, two), dir.resolve("a"), false, quiet);

        Path run = dir.resolve("b");
        Path log = dir.resolve("b.log");
        Process p = child(run, log, two);
        long[] checkpointed = new long[1];
        BraidProcess.await(p, log, () -> newestCursor(run).filter(c -> c.get("epoch").asInt() == 0
                && c.get("nextBatch").asInt() > 0).map(c -> checkpointed[0] = c.get("rounds").asLong()).isPresent());
        assertThat(BraidProcess.signal(p, "KILL")).isEqualTo(137);
        long from = newestCursor(run).orElseThrow().get("rounds").asLong();

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        List<String> dealt = new ArrayList<>(List.of(two));
        dealt.addAll(List.of("training.workers=4", "training.batchSize=2"));
        TrainingRun.Outcome<CharLmReport> four = train(config(null, dealt.toArray(String[]::new)), run, true,
                new PrintStream(text, true, StandardCharsets.UTF_8));
        String said = text.toString(StandardCharsets.UTF_8);
        assertThat(said).contains("Elastic resume: the checkpoint's 2 workers' data and carried state dealt to 4 workers")
                .containsPattern("Resuming from round " + from + " \\(epoch 1, batch [1-9]");
        assertThat(four.state().rounds()).isEqualTo(straight.state().rounds());
        assertThat(four.state().partitions()).isEqualTo(4);
        RoundReport firstAfter = four.counted().stream().filter(r -> r.round() == from + 1).findFirst().orElseThrow();
        RoundReport sameRound = straight.counted().stream().filter(r -> r.round() == from + 1).findFirst().orElseThrow();
        RoundReport lastOf = four.counted().get(four.counted().size() - 1);
        System.out.printf("elastic resume: round %d loss %.6f (uninterrupted %.6f); last %.6f (uninterrupted %.6f)%n",
                from + 1, firstAfter.loss(), sameRound.loss(), lastOf.loss(),
                straight.counted().get(straight.counted().size() - 1).loss());
        assertThat(firstAfter.loss()).isCloseTo(sameRound.loss(), org.assertj.core.data.Percentage.withPercentage(0.01));
        RoundReport last = four.counted().get(four.counted().size() - 1);
        RoundReport lastStraight = straight.counted().get(straight.counted().size() - 1);
        assertThat(last.loss()).isCloseTo(lastStraight.loss(), org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(four.state().params()).as("not bit-identical: the averaging grouping differs")
                .isNotEqualTo(straight.state().params());
    }

    /**
     * The stop checkpoint on a file system that takes 30 s to create its first file while the JVM shuts down (a
     * busy name node). Hadoop gives each shutdown hook {@code hadoop.service.shutdown.timeout} (30 s by default;
     * 3 s here, from a {@code core-site.xml} ahead on the child's classpath, so that the test is short) and the
     * hooks after it as long again each: without {@code training.stopCheckpointTimeout} the JVM exits with the
     * checkpoint half-written.
     */
    @Test
    void aSlowStopCheckpointIsNotCutOff(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("slow");
        Path log = dir.resolve("slow.log");
        List<String> args = new ArrayList<>(List.of("train", "../conf/quickstart.conf", "--run-dir", "slowstop://" + run,
                "--master", "local[2]", "--set", "spark.properties.\"spark.hadoop.fs.slowstop.impl\"="
                        + dev.braid.driver.io.SlowStopFileSystem.class.getName(),
                "--set", "training.checkpointEvery=1000", "--set", "training.stopCheckpointTimeout=1m"));
        for (String s : SETTINGS) {
            args.add("--set");
            args.add(s);
        }
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("core-site.xml"), "<configuration><property><name>hadoop.service.shutdown.timeout"
                + "</name><value>3s</value></property></configuration>\n");
        Process p = BraidProcess.start(log, List.of("-Dbraid.test.stopWriteDelayMs=30000"), args, site);
        BraidProcess.await(p, log, () -> lines(run.resolve("metrics.jsonl")) >= 4);
        assertThat(BraidProcess.signal(p, "TERM")).as("stopped by the signal").isIn(130, 143);
        assertThat(Files.readString(log)).containsPattern("Stopped: checkpoint of round \\d+ written");
        assertThat(newestCursor(run)).as("the stop checkpoint is complete").isPresent();
    }

    @Test
    void aResumeAgainstChangedDataIsRefused(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (Stream<Path> files = Files.list(Path.of("../datasets/samples/sotu/train"))) {
            for (Path f : files.toList()) {
                Files.copy(f, data.resolve(f.getFileName()));
            }
        }
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        train(config(data, "training.epochs=1"), dir.resolve("run"), false, quiet);
        Path first;
        try (Stream<Path> files = Files.list(data)) {
            first = files.sorted().findFirst().orElseThrow();
        }
        Files.writeString(first, Files.readString(first).replace("the", "teh"));
        assertThatThrownBy(() -> train(config(data, "training.epochs=2"), dir.resolve("run"), true, quiet))
                .isInstanceOf(UserError.class).hasMessageContaining("The training data differs from what checkpoint")
                .hasMessageContaining("changed since the run started");
    }
}
