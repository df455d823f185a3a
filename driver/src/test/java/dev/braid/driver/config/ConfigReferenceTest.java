package dev.braid.driver.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference is what {@code braid config-reference} generates from
 * conf/base.conf: a key added, removed, renamed, given another default or another comment in base.conf
 * fails this test until the README's table is generated again.
 */
class ConfigReferenceTest {

    @Test
    void theReadmeTableIsTheOneGeneratedFromBaseConf() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int begin = readme.indexOf(ConfigReference.BEGIN);
        int end = readme.indexOf(ConfigReference.END);
        assertThat(begin).as("the README's config-reference begin marker").isNotNegative();
        assertThat(end).as("the end marker after it").isGreaterThan(begin);
        String inReadme = readme.substring(begin, end + ConfigReference.END.length()) + "\n";
        assertThat(inReadme).as("README.md's table; regenerate it with scripts/braid config-reference")
                .isEqualTo(ConfigReference.markdown());
    }

    @Test
    void everyKeyOfBaseConfIsARowWithItsDefault() {
        String md = ConfigReference.markdown();
        assertThat(md).contains("| `seed` | 42 |", "| `spark.master` | local[*] |", "| `data.cache` | memory |",
                "| `optimizer.learningRate` | 0.002 |");
        // every leaf of base.conf is a row (empty objects count as values), and nothing else is
        java.util.Set<String> leaves = new java.util.TreeSet<>();
        leaves(ConfigLoader.base().root(), "", leaves);
        java.util.Set<String> rows = new java.util.TreeSet<>();
        md.lines().filter(l -> l.startsWith("| `")).map(l -> l.split("\\|")[1].trim())
                .filter(k -> !k.endsWith(".*`")).forEach(k -> rows.add(k.substring(1, k.length() - 1)));
        assertThat(rows).isEqualTo(leaves);
    }

    private static void leaves(com.typesafe.config.ConfigObject o, String prefix, java.util.Set<String> out) {
        o.forEach((k, v) -> {
            if (v instanceof com.typesafe.config.ConfigObject c && !c.isEmpty()) {
                leaves(c, prefix + k + ".", out);
            } else {
                out.add(prefix + k);
            }
        });
    }
}
