package dev.braid.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.braid.driver.io.Fs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Loads a run's configuration: {@code --set} overrides, then the workload file, then
 * {@code conf/base.conf} (a classpath resource of the jar, so executors and spark-submit see the same
 * defaults). The result is resolved, bound, and rendered once for the run directory.
 */
public final class ConfigLoader {
    private static final String BASE_RESOURCE = "braid/base.conf";

    private ConfigLoader() {
    }

    /** The bound config, the resolved tree and its rendering (written into every run directory). */
    public record Loaded(BraidConfig config, Config tree, String rendered) {
    }

    /** Keys holding input paths: relative ones in a shipped workload file are relative to the installation. */
    private static final List<String> PATHS = List.of("data.train", "data.validation", "data.test", "eval.mixText",
            "eval.mixNetworks");

    public static Loaded load(String workloadFile, List<String> overrides) {
        Config base = base();
        Config workload = ConfigFactory.empty();
        if (workloadFile != null) {
            String file = located(workloadFile);
            workload = rebased(parseFile(file), file);
        }
        Config merged = overrides(overrides).withFallback(workload).withFallback(base);
        Config resolved;
        try {
            resolved = merged.resolve();
        } catch (ConfigException e) {
            throw new ConfigError("The configuration cannot be resolved: " + e.getMessage());
        }
        BraidConfig config = ConfigBinder.bind(resolved, BraidConfig.class);
        String rendered = resolved.root().render(ConfigRenderOptions.defaults().setOriginComments(false)
                .setComments(false).setJson(false).setFormatted(true));
        return new Loaded(config, resolved, rendered);
    }

    /**
     * Re-binds a rendering written by {@link #load} (a model's or checkpoint's config). It is data: an
     * {@code include} or a substitution from the environment in it is refused, never followed (a model
     * directory from elsewhere must not make Braid read other files).
     */
    public static Loaded fromRendered(String rendered, String origin) {
        Config tree;
        try {
            tree = ConfigFactory.parseString(rendered, ConfigParseOptions.defaults().setOriginDescription(origin)
                    .setIncluder(REFUSE_INCLUDES)).withFallback(base()).resolve(ConfigResolveOptions.noSystem());
        } catch (ConfigException e) {
            throw new ConfigError(origin + " is not a configuration Braid wrote: " + e.getMessage() + ". A model's or "
                    + "checkpoint's config.conf is the resolved configuration of its run; restore it from a copy.");
        }
        return new Loaded(ConfigBinder.bind(tree, BraidConfig.class), tree, rendered);
    }

    /** A command-line option that sets one key; {@code value} null when the option was not given. */
    public record Setting(String option, String key, Object value) {
    }

    /**
     * {@code loaded} with the options given laid over it: bound and validated as one configuration, so an
     * option is checked exactly as its key is, and the error names the option ("(from --dynamic-lr -1)").
     */
    public static Loaded withOptions(Loaded loaded, List<Setting> overrides) {
        Config tree = loaded.tree();
        for (Setting o : overrides) {
            if (o.value() != null) {
                Object v = o.value() instanceof Enum<?> e ? ConfigBinder.lowerName(e) : o.value();
                String shown = v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                        : String.valueOf(v);
                tree = tree.withValue(o.key(), ConfigValueFactory.fromAnyRef(v, o.option() + " " + shown));
            }
        }
        String rendered = tree.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setComments(false)
                .setJson(false).setFormatted(true));
        return new Loaded(ConfigBinder.bind(tree, BraidConfig.class), tree, rendered);
    }

    /** An includer that follows nothing (plain, file(), url() and classpath() includes alike). */
    private static final ConfigIncluder REFUSE_INCLUDES = new RefusingIncluder();

    private static final class RefusingIncluder implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL,
            ConfigIncluderClasspath {
        @Override public ConfigIncluder withFallback(ConfigIncluder fallback) {
            return this;
        }

        @Override public ConfigObject include(ConfigIncludeContext context, String what) {
            throw refused(what);
        }

        @Override public ConfigObject includeFile(ConfigIncludeContext context, java.io.File what) {
            throw refused(what.toString());
        }

        @Override public ConfigObject includeURL(ConfigIncludeContext context, java.net.URL what) {
            throw refused(what.toString());
        }

        @Override public ConfigObject includeResources(ConfigIncludeContext context, String what) {
            throw refused(what);
        }

        private static ConfigException refused(String what) {
            return new ConfigException.Generic("it includes '" + what + "'; a written configuration includes nothing");
        }
    }

    static Config base() {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(BASE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BASE_RESOURCE + " is missing from the classpath: rebuild with mvn package");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("conf/base.conf"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BASE_RESOURCE, e);
        }
    }

    /**
     * The launcher's installation directory ({@code -Dbraid.home}; none in tests and embedding
     * applications), where the workload files of {@code conf/} and the datasets live.
     */
    private static java.util.Optional<java.nio.file.Path> home() {
        String home = System.getProperty("braid.home");
        return home == null ? java.util.Optional.empty()
                : java.util.Optional.of(java.nio.file.Path.of(home).toAbsolutePath().normalize());
    }

    /** {@code file} as given (relative to the working directory), or, if it is not there, in the installation. */
    private static String located(String file) {
        if (java.nio.file.Files.exists(java.nio.file.Path.of(file))) {
            return file;
        }
        return home().map(h -> h.resolve(file)).filter(java.nio.file.Files::exists).map(java.nio.file.Path::toString)
                .orElse(file);
    }

    /**
     * A workload file of the installation (conf/quickstart.conf says data.train = "datasets/sotu/train")
     * names its inputs relative to the installation, wherever braid is run from; paths a user gives
     * (--set, CLI options, a workload file of their own) stay relative to the working directory.
     */
    private static Config rebased(Config workload, String file) {
        java.util.Optional<java.nio.file.Path> home = home();
        if (home.isEmpty() || !java.nio.file.Path.of(file).toAbsolutePath().normalize().startsWith(home.get())) {
            return workload;
        }
        Config out = workload;
        for (String key : PATHS) {
            if (!workload.hasPath(key)) {
                continue;
            }
            com.typesafe.config.ConfigValue v = workload.getValue(key);
            Object rebased = v.unwrapped() instanceof String str ? inHome(str, home.get())
                    : v.unwrapped() instanceof List<?> list ? list.stream().map(e -> inHome(String.valueOf(e), home.get())).toList()
                    : v.unwrapped();
            out = out.withValue(key, ConfigValueFactory.fromAnyRef(rebased, v.origin().description()));
        }
        return out;
    }

    private static String inHome(String path, java.nio.file.Path home) {
        boolean relative = !path.isEmpty() && !path.startsWith("/") && !path.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*");
        return relative ? home.resolve(path).toString() : path;
    }

    private static Config parseFile(String path) {
        String text = Fs.readTextIfExists(path).orElseThrow(() -> new ConfigError("Config file " + path
                + " does not exist. Give the path of a workload file, for example conf/charlm-sotu.conf or "
                + "conf/quickstart.conf."));
        try {
            return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(path));
        } catch (ConfigException e) {
            throw new ConfigError("Config file " + path + " is not valid HOCON: " + e.getMessage());
        }
    }

    private static Config overrides(List<String> sets) {
        Config out = ConfigFactory.empty();
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new ConfigError("--set " + set + " is not of the form key=value (for example --set training.epochs=2).");
            }
            String key = set.substring(0, eq).trim();
            String value = set.substring(eq + 1).trim();
            String origin = "--set " + set;
            Config one;
            try {
                one = ConfigFactory.parseString(key + " = " + value,
                        ConfigParseOptions.defaults().setOriginDescription(origin));
            } catch (ConfigException e) {
                try {
                    one = ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value, origin));
                } catch (ConfigException.BadPath bad) {
                    throw new ConfigError("--set " + set + ": '" + key + "' is not a valid key path.");
                }
            }
            out = one.withFallback(out);
        }
        return out;
    }
}
