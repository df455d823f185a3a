package dev.braid.driver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input at the CLI: non-zero exit, one paragraph naming the problem, no stack trace, before any Spark job. */
class CliErrorsTest {

    private static String[] run(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = BraidMain.run(args);
        } finally {
            System.setErr(oldErr);
        }
        return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
    }

    private static void assertOneParagraph(String[] result, String... fragments) {
        assertThat(result[0]).isEqualTo("2");
        String msg = result[1].trim();
        assertThat(msg).startsWith("braid: ").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(msg.lines().count()).isEqualTo(1);
        for (String f : fragments) {
            assertThat(msg).contains(f);
        }
    }

    @Test
    void missingConfigFile() {
        assertOneParagraph(run("train", "conf/missing.conf"), "conf/missing.conf does not exist");
    }

    @Test
    void unknownKey(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "data { train = a, test = b }\nmodel { hiden = 3 }\n");
        assertOneParagraph(run("train", conf.toString()), "Unknown key model.hiden", "bad.conf: 2", "Did you mean hidden?");
    }

    @Test
    void negativeLearningRate() {
        assertOneParagraph(run("train", "../conf/quickstart.conf", "--set", "optimizer.learningRate=-1"),
                "optimizer.learningRate=-1", "must be > 0");
    }

    @Test
    void missingModelDirectory(@TempDir Path dir) {
        assertOneParagraph(run("generate", "--model", dir.resolve("nothing").toString()), "No Braid model");
    }

    private static final String[] SAMPLE = {"--set", "data.train=../datasets/samples/sotu/train", "--set",
        "data.test=../datasets/samples/sotu/test"};

    private static String[] train(String... args) {
        List<String> all = new ArrayList<>(List.of("train", "../conf/quickstart.conf"));
        all.addAll(List.of(SAMPLE));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    void warmStartFromADirectoryWithoutAModel(@TempDir Path dir) {
        assertOneParagraph(run(train("--init-from", dir.toString())), "No Braid model at " + dir);
    }

    @Test
    void missingDataIsFoundBeforeTraining(@TempDir Path dir) {
        assertOneParagraph(run("train", "../conf/quickstart.conf", "--set", "data.train=../datasets/samples/sotu/train",
                "--set", "data.test=" + dir.resolve("test")), "data.test=" + dir.resolve("test") + " does not exist",
                "before training starts");
    }

    @Test
    void dataPatternMatchingNothing(@TempDir Path dir) {
        assertOneParagraph(run("train", "../conf/quickstart.conf", "--set", "data.train=\"" + dir + "/19[0-9]*\""),
                "matches nothing", "19[0-9]*");
    }

    @Test
    void mixOrdersThatDoNotAscend() {
        assertOneParagraph(run("train", "../conf/quickstart.conf", "--set", "eval.mixOrders=[3, 2]"),
                "eval.mixOrders=[3, 2]", "must ascend");
        assertOneParagraph(run("train", "../conf/quickstart.conf", "--set", "eval.mixOrders=fast"),
                "eval.mixOrders", "a list of integers");
        assertOneParagraph(run(train("--set", "eval.mixOrders=[1, 2]", "--set", "eval.mixText=missing/text")),
                "eval.mixText=missing/text does not exist");
    }

    @Test
    void translateNeverReplacesADirectoryTheInputOrAFile(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.txt");
        Files.writeString(input, "3 March 1999\n");
        Path existingDir = Files.createDirectories(dir.resolve("results"));
        Files.writeString(existingDir.resolve("keep.txt"), "precious\n");
        Path existingFile = Files.writeString(dir.resolve("done.txt"), "earlier output\n");
        String model = dir.resolve("model").toString();

        assertOneParagraph(run("translate", "--model", model, "--input", input.toString(), "--output", existingDir.toString()),
                "is an existing directory", existingDir.toString());
        assertThat(existingDir.resolve("keep.txt")).hasContent("precious");
        assertOneParagraph(run("translate", "--model", model, "--input", input.toString(), "--output", input.toString(),
                "--overwrite"), "is the input file");
        Files.createSymbolicLink(dir.resolve("link.txt"), input);
        assertOneParagraph(run("translate", "--model", model, "--input", input.toString(), "--output",
                dir.resolve("link.txt").toString(), "--overwrite"), "is the input file");
        assertThat(input).hasContent("3 March 1999");
        assertOneParagraph(run("translate", "--model", model, "--input", input.toString(), "--output", existingFile.toString()),
                "exists", "--overwrite");
        assertThat(existingFile).hasContent("earlier output");
        assertOneParagraph(run("translate", "--model", model, "--input", dir.resolve("nothing.txt").toString(), "--output",
                dir.resolve("new.txt").toString()), "--input", "does not exist");
        // issue 26 item 9: this ended in "internal error: Job aborted" once Spark tried to write
        assertOneParagraph(run("translate", "--model", model, "--input", input.toString(), "--output", "/proc/x/out.txt"),
                "--output /proc/x/out.txt", "cannot be", "a directory you can write to");
        Path aFile = Files.writeString(dir.resolve("plain"), "x\n");
        assertOneParagraph(run("translate", "--model", model, "--input", input.toString(), "--output",
                aFile.resolve("out.txt").toString()), "is a file");
        // with the files in order, the missing model is what is left to report
        assertOneParagraph(run("translate", "--model", model, "--input", input.toString(), "--output",
                existingFile.toString(), "--overwrite"), "No Braid model");
    }

    @Test
    void aNewRunIsNotWrittenOverAnotherRun(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("config.conf"), "name = earlier\n");
        Files.createDirectories(run.resolve("checkpoints/round-0000100"));
        assertOneParagraph(run(train("--run-dir", run.toString())), "already holds a run", "--resume", "--overwrite");
        assertThat(run.resolve("config.conf")).hasContent("name = earlier");
        assertThat(run.resolve("checkpoints/round-0000100")).isDirectory();

        Path foreign = Files.createDirectories(dir.resolve("documents"));
        Files.writeString(foreign.resolve("thesis.tex"), "chapter 1\n");
        assertOneParagraph(run(train("--run-dir", foreign.toString(), "--overwrite")), "holds other files than a run's",
                "thesis.tex");
        assertThat(foreign.resolve("thesis.tex")).hasContent("chapter 1");
        assertOneParagraph(run("train", "../conf/quickstart.conf", "--run-dir", run.toString(), "--resume", "--overwrite"),
                "exclude each other");
    }

    /**
     * Issue 26 item 2: --overwrite used to delete the earlier run during preflight, so a new run that then
     * failed (here on data that turns out bad only once Spark reads it) left nothing of either.
     */
    @Test
    void anOverwriteThatFailsPutsTheEarlierRunBack(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("config.conf"), "name = earlier\n");
        Files.createDirectories(run.resolve("model"));
        Files.write(run.resolve("model/params.bin"), new byte[] {1, 2, 3});
        Path latin1 = Files.createDirectories(dir.resolve("latin1")).resolve("a.txt");
        Files.write(latin1, "plain text\nna\u00efve caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        String[] result;
        try {
            result = run(train("--run-dir", run.toString(), "--overwrite", "--set", "data.train=" + latin1.getParent()));
        } finally {
            System.setOut(oldOut);
        }
        // (the test logging shows Spark's task failure on stderr too; the CLI's logging sends it to logs/)
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[1].trim().lines().reduce((a, b) -> b).orElse("")).startsWith("braid: ").contains("invalid UTF-8");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("is back in place");
        assertThat(run.resolve("config.conf")).hasContent("name = earlier");
        assertThat(run.resolve("model/params.bin")).hasBinaryContent(new byte[] {1, 2, 3});
        try (var entries = Files.list(run)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("config.conf", "model");
        }
    }

    @Test
    void anOverwriteThatSucceedsReplacesTheEarlierRunAndKeepsNothingOfIt(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("config.conf"), "name = earlier\n");
        Files.writeString(run.resolve("metrics.jsonl"), "{\"earlier\": true}\n");
        Files.createDirectories(run.resolve("model"));
        Files.write(run.resolve("model/params.bin"), new byte[] {1, 2, 3});
        PrintStream oldOut = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String[] result;
        try {
            result = run(train("--run-dir", run.toString(), "--overwrite", "--set", "model.embedding=8", "--set",
                    "model.hidden=16", "--set", "training.epochs=1", "--set", "training.seqLength=32", "--set",
                    "eval.maxChars=200", "--set", "eval.sampleLength=0", "--set", "optimizer.learningRate=0.0031"));
        } finally {
            System.setOut(oldOut);
        }
        assertThat(result[0]).as(result[1]).isEqualTo("0");
        assertThat(Files.readString(run.resolve("config.conf"))).doesNotContain("earlier").contains("0.0031");
        assertThat(Files.readString(run.resolve("metrics.jsonl"))).doesNotContain("earlier").contains("\"round\"");
        assertThat(Files.size(run.resolve("model/params.bin"))).isGreaterThan(3);
        try (var entries = Files.list(run)) {
            assertThat(entries.map(p -> p.getFileName().toString())).as("the replaced run is deleted once this one finished")
                    .noneMatch(n -> n.startsWith(".replaced-")).contains(".braid-run", "model", "config.conf");
        }
    }
}
