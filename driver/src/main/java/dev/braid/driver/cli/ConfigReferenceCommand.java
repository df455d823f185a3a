package dev.braid.driver.cli;

import dev.braid.driver.config.ConfigReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code braid config-reference}: the configuration reference the README holds, generated from conf/base.conf. */
@Command(name = "config-reference", mixinStandardHelpOptions = true,
        description = "Print the configuration reference (every key of conf/base.conf, its default and its comment) "
                + "as the markdown table the README holds.",
        footer = {"", "Example (after editing conf/base.conf, bring the README up to date):",
                "  scripts/braid config-reference > /tmp/ref.md",
                "  (replace the README's table between its config-reference markers with /tmp/ref.md;",
                "  ConfigReferenceTest fails while they differ)"})
final class ConfigReferenceCommand implements Callable<Integer> {
    @Override public Integer call() {
        System.out.print(ConfigReference.markdown());
        return 0;
    }
}
