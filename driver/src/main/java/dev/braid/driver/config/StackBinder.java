package dev.braid.driver.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueFactory;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.stack.HeadSpec;
import dev.braid.worker.stack.LayerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds {@code model.encoder}, {@code model.stack} and {@code model.head} onto layer specs. Each entry is
 * an object with a {@code type} (a layer's name in the README's layer table) over the defaults of that
 * type in {@code model.defaults.<type>}; a missing {@code name} is {@code <type><unit>}. A vocabulary or
 * a class count of 0 is the data's: an encoder's embedding reads the source vocabulary, the main stack's
 * the target (or only) one, and a softmax head predicts the target vocabulary. Errors name the entry by
 * index and name, the key, and the rule.
 */
public final class StackBinder {
    private static final Map<String, Class<?>> LAYERS = types(LayerSpec.class);
    private static final Map<String, Class<?>> HEADS = types(HeadSpec.class);

    /**
     * What the data gives (0 where a model has none): the vocabulary sizes, the numbers per step a
     * features layer of width 0 reads, and the outputs of a regression head of 0 outputs.
     */
    public record Sizes(int source, int target, int features, int outputs) {
        public Sizes(int source, int target) {
            this(source, target, 0, 0);
        }
    }

    private StackBinder() {
    }

    private static Map<String, Class<?>> types(Class<?> sealed) {
        Map<String, Class<?>> out = new LinkedHashMap<>();
        for (JsonSubTypes.Type t : sealed.getAnnotation(JsonSubTypes.class).value()) {
            out.put(t.name(), t.value());
        }
        return out;
    }

    /** The model of {@code m}'s stack over {@code sizes}; {@code head} where {@code model.head} is empty. */
    public static ModelSpec bind(ModelConfig m, Sizes sizes, HeadSpec head) {
        List<LayerSpec> encoder = layers(m, m.encoder(), "model.encoder", 0, new Sizes(0, sizes.source()));
        List<LayerSpec> stack = layers(m, m.stack(), "model.stack", encoder.size(), sizes);
        HeadSpec h = m.head().isEmpty() ? head : head(m, sizes, encoder.size() + stack.size());
        try {
            ModelSpec spec = new ModelSpec(encoder, stack, h);
            spec.build(dev.braid.worker.kernel.Precision.FLOAT);
            return spec;
        } catch (IllegalArgumentException e) {
            throw new ConfigError("model.stack: " + e.getMessage() + ".");
        }
    }

    /**
     * The units' names (the head's {@code defaultHead} where {@code model.head} is empty), before the data
     * is read; every entry is bound, so a bad key is found here.
     */
    public static ModelSpec.Units units(ModelConfig m, String defaultHead) {
        List<String> names = new ArrayList<>();
        int u = 0;
        for (int side = 0; side < 2; side++) {
            List<Config> list = side == 0 ? m.encoder() : m.stack();
            for (int i = 0; i < list.size(); i++) {
                String where = (side == 0 ? "model.encoder[" : "model.stack[") + i + "]";
                names.add(name(list.get(i), typeOf(list.get(i), where, u, LAYERS), u));
                u++;
            }
        }
        names.add(m.head().isEmpty() ? defaultHead : name(m.head(), typeOf(m.head(), "model.head", u, HEADS), u));
        // every key checked now, before any data is read (the data's sizes stand in as 5)
        bind(m, new Sizes(m.encoder().isEmpty() ? 0 : 5, 5, 5, 5), new dev.braid.worker.stack.SoftmaxSpec(defaultHead, 5, 0));
        return new ModelSpec.Units(names, m.encoder().size());
    }

    /** The entries of {@code items}; an embedding of vocabulary 0 reads {@code sizes.target}. */
    private static List<LayerSpec> layers(ModelConfig m, List<Config> items, String key, int first, Sizes sizes) {
        List<LayerSpec> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Config item = items.get(i);
            String where = key + "[" + i + "]";
            String type = typeOf(item, where, first + i, LAYERS);
            Config merged = complete(m, item, type, first + i);
            merged = fromData(merged, type.equals("embedding") ? "vocabulary" : "", sizes.target());
            merged = fromData(merged, type.equals("features") || type.equals("concat") ? "width" : "", sizes.features());
            out.add((LayerSpec) bind(merged, LAYERS.get(type), where, type));
        }
        return out;
    }

    /** {@code merged} with the data's {@code value} where its {@code key} is 0 (no key: unchanged). */
    private static Config fromData(Config merged, String key, int value) {
        if (key.isEmpty() || !merged.hasPath(key) || merged.getInt(key) != 0 || value == 0) {
            return merged;
        }
        return merged.withValue(key, ConfigValueFactory.fromAnyRef(value));
    }

    private static HeadSpec head(ModelConfig m, Sizes sizes, int unit) {
        String type = typeOf(m.head(), "model.head", unit, HEADS);
        Config merged = complete(m, m.head(), type, unit);
        merged = fromData(merged, type.equals("softmax") ? "classes" : "", sizes.target());
        merged = fromData(merged, type.equals("regression") ? "outputs" : "", sizes.outputs());
        return (HeadSpec) bind(merged, HEADS.get(type), "model.head", type);
    }

    /** The entry over its type's defaults, with its name. */
    private static Config complete(ModelConfig m, Config item, String type, int unit) {
        Config merged = item.withoutPath("type").withFallback(m.defaults().getConfig(type));
        return merged.withValue("name", ConfigValueFactory.fromAnyRef(name(item, type, unit)));
    }

    private static String name(Config item, String type, int unit) {
        return item.hasPath("name") ? item.getString("name") : type + unit;
    }

    private static String typeOf(Config item, String where, int unit, Map<String, Class<?>> known) {
        if (!item.hasPath("type")) {
            throw new ConfigError(where + " (" + item.origin().description() + ") has no type: give each entry a type, one "
                    + "of " + String.join(", ", known.keySet()) + ".");
        }
        String type = item.getString("type");
        if (!known.containsKey(type)) {
            throw new ConfigError(where + " (" + (item.hasPath("name") ? "'" + item.getString("name") + "', " : "")
                    + item.origin().description() + "): type = " + type + " is not a " + (known == HEADS ? "head" : "layer")
                    + " type; use one of " + String.join(", ", known.keySet()) + ".");
        }
        return type;
    }

    private static Object bind(Config merged, Class<?> type, String where, String typeName) {
        String label = where + " (" + typeName + " '" + merged.getString("name") + "')";
        try {
            return ConfigBinder.bind(merged, type.asSubclass(Record.class));
        } catch (ConfigError e) {
            throw new ConfigError(label + ": " + e.getMessage());
        } catch (IllegalArgumentException | ConfigException e) {
            throw new ConfigError(label + ": " + e.getMessage() + ". See the README's layer table for its keys.");
        }
    }

    /** The type name of a layer or head spec, as config and saved models write it. */
    public static String typeName(Object spec) {
        for (Map<String, Class<?>> types : List.of(LAYERS, HEADS)) {
            for (Map.Entry<String, Class<?>> e : types.entrySet()) {
                if (e.getValue() == spec.getClass()) {
                    return e.getKey();
                }
            }
        }
        return spec.getClass().getSimpleName();
    }

    /** A spec's settings as {@code key=value}, its name and unset ones left out. */
    public static String settings(Object spec) {
        List<String> out = new ArrayList<>();
        for (java.lang.reflect.RecordComponent c : spec.getClass().getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(spec);
                if (c.getName().equals("name") || v == null) {
                    continue;
                }
                if (v instanceof Enum<?> e) {
                    v = ConfigBinder.lowerName(e);
                } else if (v instanceof Record r) {
                    if (r instanceof dev.braid.worker.stack.StepWeights w && w.none()) {
                        continue;
                    }
                    v = "{" + settings(r) + "}";
                }
                out.add(c.getName() + "=" + v);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(" ", out);
    }
}
