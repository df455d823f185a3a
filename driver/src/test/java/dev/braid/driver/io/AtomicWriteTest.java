package dev.braid.driver.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26 item 6: {@link Fs#writeAtomically} deleted the old file and then renamed the new one into place,
 * so a crash in between lost config.conf, metrics.jsonl or report.json. Now the rename replaces in one step:
 * a reader polling while the file is rewritten never finds it missing, and it reads whole every time.
 */
class AtomicWriteTest {

    @Test
    void aRewrittenFileIsNeverMissingNorHalfWritten(@TempDir Path dir) throws Exception {
        Fs fs = Fs.local();
        org.apache.hadoop.fs.Path file = fs.qualify(dir.resolve("report.json").toString());
        fs.writeText(file, "x".repeat(4096));
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger missing = new AtomicInteger();
        AtomicInteger torn = new AtomicInteger();
        Thread reader = new Thread(() -> {
            Path p = dir.resolve("report.json");
            while (!done.get()) {
                try {
                    int n = Files.readAllBytes(p).length;
                    if (n != 4096) {
                        torn.incrementAndGet();
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    missing.incrementAndGet();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        reader.start();
        for (int i = 0; i < 200; i++) {
            fs.writeText(file, Character.toString('a' + i % 26).repeat(4096));
        }
        done.set(true);
        reader.join();
        assertThat(missing.get()).as("reads that found no file").isZero();
        assertThat(torn.get()).as("reads of a partial file").isZero();
        assertThat(fs.readText(file)).isEqualTo(Character.toString('a' + 199 % 26).repeat(4096));
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("report.json");
        }
    }

    /**
     * Issue 26 item 6: replacing a directory moves the old one aside, then the new one into place. When the second
     * rename fails the old directory goes back and the message says nothing was replaced; when moving it back fails
     * too, the message says where the old directory is (it used to say "intact" with the old one hidden away).
     */
    @Test
    void aFailedDirectoryReplaceLeavesTheOldVersionWhereTheMessageSays(@TempDir Path dir) throws Exception {
        Fs fs = new Fs(FailingRenameFileSystem.conf());
        org.apache.hadoop.fs.Path model = new org.apache.hadoop.fs.Path("failrename://" + dir.resolve("model"));
        fs.writeDirectory(model, java.util.Map.of("params.bin", new byte[] {1}));
        try {
            FailingRenameFileSystem.target = "model";
            FailingRenameFileSystem.onlyFromTemporary = true;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fs.writeDirectory(model,
                    java.util.Map.of("params.bin", new byte[] {2}))).hasMessageContaining("Nothing was replaced");
            assertThat(dir.resolve("model/params.bin")).hasBinaryContent(new byte[] {1});
            try (var left = Files.list(dir)) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactly("model");
            }

            FailingRenameFileSystem.onlyFromTemporary = false;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fs.writeDirectory(model,
                    java.util.Map.of("params.bin", new byte[] {3}))).hasMessageContaining("could not be moved back: it is "
                    + "intact in").hasMessageNotContaining("Nothing was replaced");
            Path aside;
            try (var left = Files.list(dir)) {
                aside = left.filter(p -> p.getFileName().toString().startsWith(".model.old-")).findFirst().orElseThrow();
            }
            assertThat(aside.resolve("params.bin")).hasBinaryContent(new byte[] {1});
        } finally {
            FailingRenameFileSystem.target = null;
        }
    }
}
