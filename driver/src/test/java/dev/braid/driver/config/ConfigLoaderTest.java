package dev.braid.driver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.worker.rnn.CellType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding of conf/base.conf, workload files and --set overrides, and the errors users see. */
class ConfigLoaderTest {
    private static final String QUICKSTART = "../conf/quickstart.conf";

    @Test
    void workloadFilesBindOverTheDefaults() {
        for (String file : List.of(QUICKSTART, "../conf/charlm-sotu.conf")) {
            BraidConfig cfg = ConfigLoader.load(file, List.of()).config();
            assertThat(cfg.data().train()).isEqualTo("datasets/sotu/train");
            assertThat(cfg.optimizer().learningRate()).isPositive();
        }
        BraidConfig quick = ConfigLoader.load(QUICKSTART, List.of()).config();
        assertThat(quick.name()).isEqualTo("quickstart");
        assertThat(quick.training().seqLength()).isEqualTo(64);
        assertThat(quick.training().timeLimit().toMinutes()).isEqualTo(4);
        BraidConfig sotu = ConfigLoader.load("../conf/charlm-sotu.conf", List.of()).config();
        assertThat(sotu.optimizer().decay()).isEqualTo(dev.braid.worker.train.OptimizerSpec.Decay.COSINE);
        assertThat(sotu.optimizer().toSpec(1617).rate(1616)).isCloseTo(0.0003, org.assertj.core.api.Assertions.within(1e-12));
        BraidConfig g2p = ConfigLoader.load("../conf/g2p-cmudict.conf", List.of()).config();
        assertThat(g2p.seq2seq().tokensPerBatch()).isEqualTo(1200);
        assertThat(g2p.optimizer().decay()).isEqualTo(dev.braid.worker.train.OptimizerSpec.Decay.COSINE);
    }

    @Test
    void aCosineScheduleShorterThanItsWarmUpIsAConfigError() {
        BraidConfig cfg = ConfigLoader.load(QUICKSTART, List.of("optimizer.decay=cosine", "optimizer.warmupSteps=100")).config();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cfg.optimizer().toSpec(60))
                .isInstanceOf(ConfigError.class).hasMessageContaining("optimizer.warmupSteps=100")
                .hasMessageContaining("training.epochs");
    }

    @Test
    void setOverridesWinAndAcceptBracketsAndEnums() {
        BraidConfig cfg = ConfigLoader.load(QUICKSTART,
                List.of("spark.master=local[3]", "model.cell=rnn-relu", "training.epochs=2")).config();
        assertThat(cfg.spark().master()).isEqualTo("local[3]");
        assertThat(cfg.model().cell()).isEqualTo(CellType.RNN_RELU);
        assertThat(cfg.training().epochs()).isEqualTo(2);
    }

    @Test
    void renderedConfigBindsBackToTheSameRecord() {
        ConfigLoader.Loaded loaded = ConfigLoader.load(QUICKSTART, List.of("training.epochs=3"));
        assertThat(ConfigLoader.fromRendered(loaded.rendered(), "model/config.conf").config()).isEqualTo(loaded.config());
    }

    @Test
    void unknownKeyNamesKeyFileLineAndSuggestion(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("typo.conf");
        Files.writeString(conf, "data { train = x, test = y }\ntraining {\n  seqLenght = 50\n}\n");
        assertThatThrownBy(() -> ConfigLoader.load(conf.toString(), List.of()))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("training.seqLenght")
                .hasMessageContaining("typo.conf: 3")
                .hasMessageContaining("Did you mean seqLength?");
    }

    @Test
    void outOfRangeValueNamesKeyValueOriginAndRule() {
        assertThatThrownBy(() -> ConfigLoader.load(QUICKSTART, List.of("optimizer.learningRate=-1")))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("optimizer.learningRate=-1")
                .hasMessageContaining("--set optimizer.learningRate=-1")
                .hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> ConfigLoader.load(QUICKSTART, List.of("training.seqLength=0")))
                .hasMessageContaining("training.seqLength=0").hasMessageContaining("must be >= 1");
    }

    @Test
    void wrongTypeAndBadEnumAreExplained() {
        assertThatThrownBy(() -> ConfigLoader.load(QUICKSTART, List.of("training.workers=two")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("training.workers").hasMessageContaining("wrong type");
        assertThatThrownBy(() -> ConfigLoader.load(QUICKSTART, List.of("model.cell=transformer")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("lstm, gru, rnn-tanh, rnn-relu");
    }

    @Test
    void contradictionsMissingKeysAndMissingFilesAreRejected() {
        assertThatThrownBy(() -> ConfigLoader.load(QUICKSTART,
                List.of("training.stateful=false", "data.resetAtDocumentBoundary=true")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("training.stateful");
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of()))
                .isInstanceOf(ConfigError.class).hasMessageContaining("Missing key data");
        assertThatThrownBy(() -> ConfigLoader.load("conf/missing.conf", List.of()))
                .isInstanceOf(ConfigError.class).hasMessageContaining("conf/missing.conf does not exist");
    }

    /**
     * The launcher runs in the user's directory: a shipped workload file is found in the installation
     * (braid.home) and names its datasets relative to it; a path the user gives stays relative to the
     * working directory.
     */
    @Test
    void shippedWorkloadFilesResolveTheirInputsInTheInstallation() {
        String home = java.nio.file.Path.of("..").toAbsolutePath().normalize().toString();
        System.setProperty("braid.home", home);
        try {
            ConfigLoader.Loaded cfg = ConfigLoader.load("conf/quickstart.conf", java.util.List.of("data.test=my/test.txt"));
            assertThat(cfg.config().data().train()).isEqualTo(home + "/datasets/sotu/train");
            assertThat(cfg.config().data().test()).isEqualTo("my/test.txt");
            assertThat(cfg.config().eval().mixText()).isEqualTo(home + "/datasets/sotu/train");
        } finally {
            System.clearProperty("braid.home");
        }
        // without an installation (tests, embedding applications) nothing is rewritten
        assertThat(ConfigLoader.load("../conf/quickstart.conf", java.util.List.of()).config().data().train())
                .isEqualTo("datasets/sotu/train");
    }
}
