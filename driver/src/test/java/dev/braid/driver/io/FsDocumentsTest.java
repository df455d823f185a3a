package dev.braid.driver.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.driver.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documents of a corpus location: a file, a directory, or a glob pattern, in name order. */
class FsDocumentsTest {

    private static List<String> names(String location) {
        return Fs.local().documents(location).stream().map(org.apache.hadoop.fs.Path::getName).toList();
    }

    private static Path corpus(Path dir) throws Exception {
        Path c = Files.createDirectories(dir.resolve("corpus"));
        for (String f : List.of("2002_b.txt", "1790_a.txt", "1962_c.txt", "1985_d.txt", "_SUCCESS", ".hidden")) {
            Files.writeString(c.resolve(f), f);
        }
        return c;
    }

    @Test
    void aGlobMatchesFilesInNameOrder(@TempDir Path dir) throws Exception {
        Path c = corpus(dir);
        assertThat(names(c.toString())).containsExactly("1790_a.txt", "1962_c.txt", "1985_d.txt", "2002_b.txt");
        assertThat(names(c + "/{19[6-9]*,20*}")).containsExactly("1962_c.txt", "1985_d.txt", "2002_b.txt");
        assertThat(names(c + "/*")).containsExactly("1790_a.txt", "1962_c.txt", "1985_d.txt", "2002_b.txt");
        assertThatThrownBy(() -> names(c + "/18*")).isInstanceOf(UserError.class)
                .hasMessageContaining(c + "/18*").hasMessageContaining("matches no files");
        assertThat(Fs.local().hasDocuments(c + "/{19[6-9]*,20*}")).isTrue();
        assertThat(Fs.local().hasDocuments(c.toString())).isTrue();
        assertThat(Fs.local().hasDocuments(c + "/18*")).isFalse();
        assertThat(Fs.local().hasDocuments(c + "/missing")).isFalse();
    }

    @Test
    void aRelativeGlob() {
        assertThat(names("../datasets/samples/sotu/train/19*")).containsExactly("1934_franklin_d_roosevelt_d.txt",
                "1962_john_f_kennedy_d.txt");
    }

    @Test
    void aGlobThroughASymlinkedDirectory(@TempDir Path dir) throws Exception {
        Path c = corpus(dir);
        Path link = Files.createSymbolicLink(dir.resolve("linked"), c);
        assertThat(names(link.toString())).hasSize(4);
        assertThat(names(link + "/19*")).containsExactly("1962_c.txt", "1985_d.txt");
    }
}
