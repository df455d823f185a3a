package dev.braid.driver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void warmStartOfAnEncoderDecoder(@TempDir Path dir) {
        assertOneParagraph(run("train", "../conf/g2p-cmudict.conf", "--init-from", dir.toString()),
                "--init-from warm-starts language models only", "g2p-cmudict.conf");
    }

    @Test
    void dataPatternMatchingNothing(@TempDir Path dir) {
        assertOneParagraph(run("train", "../conf/quickstart.conf", "--set", "data.train=\"" + dir + "/19[0-9]*\""),
                "matches no files", "19[0-9]*");
    }

    @Test
    void mixOrdersThatDoNotAscend() {
        assertOneParagraph(run("train", "../conf/quickstart.conf", "--set", "eval.mixOrders=[3, 2]"),
                "eval.mixOrders=[3, 2]", "must ascend");
        assertOneParagraph(run("train", "../conf/quickstart.conf", "--set", "eval.mixOrders=fast"),
                "eval.mixOrders", "a list of integers");
        assertOneParagraph(run("train", "../conf/quickstart.conf", "--set", "eval.mixOrders=[1, 2]", "--set",
                "eval.mixText=missing/text"), "eval.mixText=missing/text does not exist");
    }
}
