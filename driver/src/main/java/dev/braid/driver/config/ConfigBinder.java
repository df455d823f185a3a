package dev.braid.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Binds a resolved HOCON tree onto a record type, component by component: a component named
 * {@code seqLength} of the record at path {@code training} reads key {@code training.seqLength}.
 * Supported component types: primitives, String, enums (written lower-case with dashes), Duration,
 * {@code List<String>}, {@code List<Integer>}, {@code List<Double>}, {@code Map<String, String>}, nested
 * records, and raw objects ({@code Config}, {@code List<Config>}) that another binder reads. Every key must belong to a
 * component; every component must have a key (defaults come from {@code conf/base.conf}).
 */
public final class ConfigBinder {
    private ConfigBinder() {
    }

    public static <T extends Record> T bind(Config config, Class<T> type) {
        return bind(config, type, "");
    }

    private static <T extends Record> T bind(Config config, Class<T> type, String path) {
        Config level = path.isEmpty() ? config : config.getConfig(path);
        RecordComponent[] components = type.getRecordComponents();
        rejectUnknownKeys(level, components, path);
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(config, join(path, components[i].getName()), components[i].getGenericType());
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof InvalidValue iv) {
                String key = join(path, iv.key());
                throw new ConfigError(key + "=" + iv.value() + " " + where(config, key) + ": " + iv.rule() + ".");
            }
            if (e.getCause() instanceof ConfigError ce) {
                throw ce;
            }
            if (e.getCause() instanceof IllegalArgumentException ia) {
                throw new ConfigError((path.isEmpty() ? "" : path + ": ") + ia.getMessage() + ".");
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private static void rejectUnknownKeys(Config level, RecordComponent[] components, String path) {
        Set<String> known = Arrays.stream(components).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        for (Map.Entry<String, ConfigValue> e : level.root().entrySet()) {
            if (!known.contains(e.getKey())) {
                String key = join(path, e.getKey());
                throw new ConfigError("Unknown key " + key + " in " + e.getValue().origin().description()
                        + ". " + suggestion(e.getKey(), known) + "Keys allowed " + (path.isEmpty() ? "at the top level" : "under " + path)
                        + ": " + String.join(", ", known) + ". Remove the key or correct its name.");
            }
        }
    }

    private static String suggestion(String key, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = editDistance(key.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best == null ? "" : "Did you mean " + best + "? ";
    }

    private static Object value(Config config, String key, Type type) {
        if (!config.hasPathOrNull(key)) {
            throw new ConfigError("Missing key " + key + ": it has no default in conf/base.conf, so the workload file or "
                    + "--set " + key + "=... must give it.");
        }
        try {
            return read(config, key, type);
        } catch (ConfigException.WrongType | ConfigException.BadValue | ConfigException.Null e) {
            throw new ConfigError(key + " " + where(config, key) + " has the wrong type: expected "
                    + describe(type) + ". (" + e.getMessage() + ")");
        }
    }

    private static Object read(Config config, String key, Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (raw == List.class && p.getActualTypeArguments()[0] == String.class) {
                return List.copyOf(config.getStringList(key));
            }
            if (raw == List.class && p.getActualTypeArguments()[0] == Integer.class) {
                return List.copyOf(config.getIntList(key));
            }
            if (raw == List.class && p.getActualTypeArguments()[0] == Double.class) {
                return List.copyOf(config.getDoubleList(key));
            }
            if (raw == List.class && p.getActualTypeArguments()[0] == Config.class) {
                return List.copyOf(config.getConfigList(key));
            }
            if (raw == List.class && p.getActualTypeArguments()[0] instanceof ParameterizedType inner
                    && inner.getRawType() == List.class) {
                return listOfStringLists(config, key);
            }
            if (raw == Map.class && p.getActualTypeArguments()[1] == String.class) {
                Map<String, String> out = new LinkedHashMap<>();
                config.getObject(key).unwrapped().forEach((k, v) -> out.put(k, String.valueOf(v)));
                return Map.copyOf(out);
            }
            throw new IllegalStateException("unsupported config type " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == int.class) {
            return config.getInt(key);
        } else if (c == long.class) {
            return config.getLong(key);
        } else if (c == double.class) {
            return config.getDouble(key);
        } else if (c == boolean.class) {
            return config.getBoolean(key);
        } else if (c == String.class) {
            return config.getString(key);
        } else if (c == Duration.class) {
            return config.getDuration(key);
        } else if (c == Config.class) {
            return config.getConfig(key);
        } else if (c.isEnum()) {
            return enumValue(config, key, c);
        } else if (c.isRecord()) {
            if (config.getValue(key).valueType() != ConfigValueType.OBJECT) {
                throw new ConfigError(key + " " + where(config, key) + " must be an object { ... }.");
            }
            return bind(config, c.asSubclass(Record.class), key);
        }
        throw new IllegalStateException("unsupported config type " + c);
    }

    /** A list of lists of strings, such as {@code placement.stages = [[embed, rnn0], [rnn1, out]]}. */
    private static List<List<String>> listOfStringLists(Config config, String key) {
        List<List<String>> out = new ArrayList<>();
        for (com.typesafe.config.ConfigValue v : config.getList(key)) {
            if (v.valueType() != ConfigValueType.LIST) {
                throw new ConfigError(key + " " + where(config, key) + " has the wrong type: expected a list of lists of "
                        + "strings such as [[a, b], [c]], but an element is " + v.render() + ".");
            }
            List<String> inner = new ArrayList<>();
            for (Object o : (List<?>) v.unwrapped()) {
                inner.add(String.valueOf(o));
            }
            out.add(List.copyOf(inner));
        }
        return List.copyOf(out);
    }

    private static Object enumValue(Config config, String key, Class<?> c) {
        String raw = config.getString(key);
        String name = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Object constant : c.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (Object constant : c.getEnumConstants()) {
            allowed.add(lowerName((Enum<?>) constant));
        }
        throw new ConfigError(key + "=" + raw + " " + where(config, key) + ": must be one of " + String.join(", ", allowed) + ".");
    }

    /** An enum constant as written in config files: lower case with dashes. */
    public static String lowerName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String where(Config config, String key) {
        try {
            return "(from " + config.getValue(key).origin().description() + ")";
        } catch (ConfigException e) {
            return "(origin unknown)";
        }
    }

    private static String describe(Type type) {
        if (type instanceof Class<?> c) {
            if (c == Duration.class) {
                return "a duration such as 90s, 5m or 2h";
            }
            if (c.isRecord() || c == Config.class) {
                return "an object";
            }
            return c == String.class ? "a string" : "a " + c.getSimpleName();
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Type arg = p.getActualTypeArguments()[0];
            return arg == Integer.class ? "a list of integers such as [1, 2, 3]"
                    : arg == Double.class ? "a list of numbers such as [1, 0.5]"
                    : arg == Config.class ? "a list of objects such as [{type = dense, units = 8}]"
                    : arg == String.class ? "a list of strings" : "a list of lists of strings such as [[a, b], [c]]";
        }
        return type.getTypeName();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
