package dev.braid.driver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braid.driver.UserError;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.spark.SparkTest;
import dev.braid.driver.workload.RetrainJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled retraining against a registry on local[2]: two good dated drops promote v0001 then v0002;
 * a drop of shuffled text is trained (v0003) but not promoted; a concurrent retrain is refused; a
 * retrain killed by PID while it trains leaves the pointer on the old version, and its stale lock is
 * recovered by the next retrain, which trains the drop again.
 */
@Tag("spark")
class RetrainTest {
    private static final Path SAMPLES = Path.of("../datasets/samples/sotu/train");
    private static final List<String> SETTINGS = List.of("data.test=../datasets/samples/sotu/test", "model.embedding=16",
            "model.hidden=48", "model.dropout=0", "training.batchSize=4", "training.seqLength=32",
            "training.averagingPeriod=20", "training.epochs=2", "training.timeLimit=10m", "eval.maxChars=6000",
            "eval.sampleLength=0", "retrain.tolerance=0.02");

    private static void drop(Path data, String date, String... files) throws Exception {
        Path dir = Files.createDirectories(data.resolve("dt=" + date));
        for (String f : files) {
            Files.copy(SAMPLES.resolve(f), dir.resolve(f));
        }
    }

    private static RetrainJob.Result retrain(Path registry, Path data) {
        ConfigLoader.Loaded cfg = ConfigLoader.load("../conf/quickstart.conf", with("data.train=" + data));
        return new RetrainJob(cfg, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(SparkTest.sc(), registry.toString(), data.toString());
    }

    private static List<String> with(String extra) {
        List<String> all = new ArrayList<>(SETTINGS);
        all.add(extra);
        return all;
    }

    @Test
    void promotesGoodDropsRejectsABadOneRefusesConcurrencyAndSurvivesAKill(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path registry = dir.resolve("registry");
        drop(data, "2026-11-19", "1790_george_washington_n.txt", "1861_abraham_lincoln_r.txt");
        RetrainJob.Result first = retrain(registry, data);
        System.out.println(first.message());
        assertThat(first.version()).isEqualTo("v0001");
        assertThat(first.promoted()).isTrue();

        drop(data, "2026-11-20", "1962_john_f_kennedy_d.txt", "2002_george_w_bush_r.txt");
        RetrainJob.Result second = retrain(registry, data);
        System.out.println(second.message());
        assertThat(second.version()).isEqualTo("v0002");
        assertThat(second.promoted()).as(second.message()).isTrue();

        Path bad = Files.createDirectories(data.resolve("dt=2026-11-21"));
        List<Integer> chars = new ArrayList<>();
        Files.readString(SAMPLES.resolve("1934_franklin_d_roosevelt_d.txt")).codePoints().forEach(chars::add);
        Collections.shuffle(chars, new Random(5));
        StringBuilder shuffled = new StringBuilder();
        chars.forEach(shuffled::appendCodePoint);
        Files.writeString(bad.resolve("shuffled.txt"), shuffled.toString());
        RetrainJob.Result third = retrain(registry, data);
        System.out.println(third.message());
        assertThat(third.version()).isEqualTo("v0003");
        assertThat(third.promoted()).as(third.message()).isFalse();
        assertThat(Files.readString(registry.resolve("current")).trim()).isEqualTo("v0002");
        assertThat(registry.resolve("versions/v0003/version.json")).exists();

        // a live holder: another process on this host; the same config would train, so only the lock refuses it
        Process holder = new ProcessBuilder("sleep", "600").start();
        try {
            Files.writeString(registry.resolve("lock"), new ObjectMapper().writeValueAsString(new RegistryLock.Holder(
                    InetAddress.getLocalHost().getHostName(), holder.pid(),
                    holder.info().startInstant().orElseThrow().toEpochMilli(), "now", "other")));
            drop(data, "2026-11-22", "1934_franklin_d_roosevelt_d.txt");
            assertThatThrownBy(() -> retrain(registry, data)).isInstanceOf(UserError.class)
                    .hasMessageContaining("is locked by a retrain").hasMessageContaining("pid " + holder.pid());
        } finally {
            holder.destroyForcibly();
        }
        Files.delete(registry.resolve("lock"));

        // a retrain killed by PID while it trains leaves its lock and a partial run behind
        Process killed = retrainProcess(registry, data).start();
        Path runs = registry.resolve("runs/v0004/metrics.jsonl");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20); // a hang guard, not a timing
        while (!(Files.exists(runs) && Files.size(runs) > 0) && killed.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(killed.isAlive()).as("the retrain is training").isTrue();
        new ProcessBuilder("kill", "-9", Long.toString(killed.pid())).start().waitFor();
        assertThat(killed.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(killed.exitValue()).isEqualTo(137);
        assertThat(registry.resolve("lock")).as("the killed retrain's lock is left behind").exists();
        assertThat(registry.resolve("versions/v0004")).doesNotExist();

        RetrainJob.Result after = retrain(registry, data);
        assertThat(after.version()).as("the next retrain takes the stale lock over and trains the drop").isEqualTo("v0004");
        assertThat(registry.resolve("lock")).as("the stale lock was taken over and released").doesNotExist();
        assertThat(new Registry(Fs.local(), Fs.local().qualify(registry.toString())).versions()).hasSize(4);
    }

    /**
     * A retrain that died between writing its version (deciding to promote it) and promoting it: the
     * next retrain promotes it before anything else, as it was decided against the version still current.
     */
    @Test
    void aVersionWrittenButNotPromotedIsRolledForward(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path registry = dir.resolve("registry");
        drop(data, "2026-11-19", "1790_george_washington_n.txt");
        assertThat(retrain(registry, data).version()).isEqualTo("v0001");
        Registry reg = new Registry(Fs.local(), Fs.local().qualify(registry.toString()));
        VersionMeta v1 = reg.versions().get(0);
        reg.write(reg.load("v0001"), new VersionMeta("v0002", "v0001", List.of(data.resolve("dt=2026-11-20").toString()),
                v1.heldOut(), v1.score() * 0.9, v1.score(), v1.scoreUnit(), true, "decided before the crash",
                v1.vocabularyPolicy(), v1.vocabularySize(), v1.configHash(), "now"));
        assertThat(reg.current()).contains("v0001");

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        RetrainJob.Result next = new RetrainJob(ConfigLoader.load("../conf/quickstart.conf", with("data.train=" + data)),
                new PrintStream(text, true, StandardCharsets.UTF_8)).run(SparkTest.sc(), registry.toString(), data.toString());
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("Promoted v0002, which an interrupted retrain wrote");
        assertThat(next.current()).isEqualTo("v0002");
        assertThat(reg.current()).contains("v0002");
    }

    /** The retrain CLI in a child JVM. */
    private static ProcessBuilder retrainProcess(Path registry, Path data) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        Files.readAllLines(Path.of("../conf/jvm.options")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(cmd::add);
        cmd.addAll(List.of("-Dlog4j2.configurationFile=../conf/log4j2-test.properties",
                "-cp", System.getProperty("java.class.path"), "dev.braid.driver.cli.BraidMain", "retrain",
                "--registry", registry.toString(), "--data", data.toString(), "--config", "../conf/quickstart.conf",
                "--master", "local[2]"));
        for (String s : SETTINGS) {
            cmd.add("--set");
            cmd.add(s);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(registry.getParent().resolve("killed.log").toFile());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb;
    }
}
