package dev.braid.driver.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.driver.UserError;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.rnn.CellType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    private static SavedModel model(float first) {
        return new SavedModel(new LanguageModelSpec(6, 2, CellType.GRU, 3, 1, 0.0).stack(),
                java.util.Map.of("tokens", Vocabulary.of(List.of("a", "\n"))), new float[] {first, 2, 3}, new float[] {4, 5, 6, 7, 8, 9},
                "name = x\n", new Provenance("abc", "h1", "h2", 7, "2026-11-22T00:00:00Z", "1 s", ""));
    }

    @Test
    void roundTripsAndReplacesAtomically(@TempDir Path dir) throws Exception {
        ModelStore store = new ModelStore(Fs.local());
        Fs fs = Fs.local();
        org.apache.hadoop.fs.Path target = fs.qualify(dir.resolve("model").toString());
        store.save(target, model(1));
        store.save(target, model(10));
        SavedModel back = store.load(dir.resolve("model").toString());
        assertThat(back.params()).containsExactly(10, 2, 3);
        assertThat(back.optimizerState()).containsExactly(4, 5, 6, 7, 8, 9);
        assertThat(back.vocabulary("tokens").symbols()).containsExactlyElementsOf(model(1).vocabulary("tokens").symbols());
        assertThat(back.spec()).isEqualTo(model(1).spec());
        assertThat(back.provenance()).isEqualTo(model(1).provenance());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model");
        }
    }

    @Test
    void damagedOrMissingModelsGiveUserErrors(@TempDir Path dir) throws Exception {
        ModelStore store = new ModelStore(Fs.local());
        assertThatThrownBy(() -> store.load(dir.toString())).isInstanceOf(UserError.class).hasMessageContaining("No Braid model");
        store.save(Fs.local().qualify(dir.resolve("m").toString()), model(1));
        Path params = dir.resolve("m/params.bin");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> store.load(dir.resolve("m").toString())).isInstanceOf(UserError.class)
                .hasMessageContaining("params.bin");
    }

    @Test
    void aFlippedBitCopiedWithoutItsCrcIsRefused(@TempDir Path dir) throws Exception {
        ModelStore store = new ModelStore(Fs.local());
        store.save(Fs.local().qualify(dir.resolve("m").toString()), model(1));
        flipABitWithoutItsCrc(dir.resolve("m/params.bin"));
        assertThatThrownBy(() -> store.load(dir.resolve("m").toString())).isInstanceOf(UserError.class)
                .hasMessageContaining("is damaged: params.bin does not match its SHA-256");
        // the manifest is sha256sum's format: a copy can be checked by hand
        assertThat(Files.readString(dir.resolve("m/manifest.sha256"))).containsPattern("(?m)^[0-9a-f]{64}  params\\.bin$");
    }

    /** Flips one bit of {@code file} and deletes Hadoop's checksum of it, as a copy without the .crc would. */
    private static void flipABitWithoutItsCrc(Path file) throws java.io.IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 0x10;
        Files.write(file, bytes);
        Files.delete(file.resolveSibling("." + file.getFileName() + ".crc"));
    }

    /**
     * Issue 26 item 5: removing the manifest turned the check off (a flipped bit was then accepted), and files
     * it did not list were ignored.
     */
    @Test
    void aModelWithoutItsManifestOrWithAFileItDoesNotListIsRefused(@TempDir Path dir) throws Exception {
        ModelStore store = new ModelStore(Fs.local());
        store.save(Fs.local().qualify(dir.resolve("m").toString()), model(1));
        Files.delete(dir.resolve("m/manifest.sha256"));
        Files.deleteIfExists(dir.resolve("m/.manifest.sha256.crc"));
        flipABitWithoutItsCrc(dir.resolve("m/params.bin"));
        assertThatThrownBy(() -> store.load(dir.resolve("m").toString())).isInstanceOf(UserError.class)
                .hasMessageContaining("is damaged: manifest.sha256 is missing");

        store.save(Fs.local().qualify(dir.resolve("n").toString()), model(1));
        Files.writeString(dir.resolve("n/vocabulary-extra.json"), "{}");
        assertThatThrownBy(() -> store.load(dir.resolve("n").toString())).isInstanceOf(UserError.class)
                .hasMessageContaining("vocabulary-extra.json is not in manifest.sha256");
    }

    @Test
    void aModelsConfigIsDataIncludesAreNotFollowed(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("elsewhere.conf"), "seed = 7\n");
        String config = "include file(\"" + secret + "\")\nname = x\n";
        assertThatThrownBy(() -> dev.braid.driver.config.ConfigLoader.fromRendered(config, "m/config.conf"))
                .isInstanceOf(UserError.class).hasMessageContaining("m/config.conf is not a configuration Braid wrote")
                .hasMessageContaining("includes");
    }
}
