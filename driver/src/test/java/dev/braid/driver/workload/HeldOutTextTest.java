package dev.braid.driver.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.io.Fs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Held-out and calibration text is cut in characters (code points), not UTF-16 units: a character
 * outside the Basic Multilingual Plane is one character, so a text full of them still gives as many
 * characters as asked.
 */
class HeldOutTextTest {
    private static final String SMILE = new String(Character.toChars(0x1F600));

    @Test
    void headAndTailCountCodePointsAcrossDocuments(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.txt"), "ab" + SMILE, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b.txt"), SMILE + SMILE, StandardCharsets.UTF_8);
        Fs fs = Fs.local();

        assertThat(HeldOutText.read(fs, dir.toString(), 4)).isEqualTo("ab" + SMILE + SMILE);
        assertThat(HeldOutText.readTail(fs, dir.toString(), 4)).isEqualTo("b" + SMILE + SMILE + SMILE);
        assertThat(HeldOutText.readTail(fs, dir.toString(), 9)).isEqualTo("ab" + SMILE + SMILE + SMILE);
    }
}
