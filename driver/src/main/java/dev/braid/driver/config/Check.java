package dev.braid.driver.config;

/** Range checks for config records' compact constructors. */
public final class Check {
    private Check() {
    }

    public static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw new InvalidValue(key, value, "must be >= " + min);
        }
    }

    public static void positive(String key, double value) {
        if (!(value > 0)) {
            throw new InvalidValue(key, value, "must be > 0");
        }
    }

    public static void range(String key, double value, double minInclusive, double maxExclusive) {
        if (!(value >= minInclusive && value < maxExclusive)) {
            throw new InvalidValue(key, value, "must be in [" + minInclusive + ", " + maxExclusive + ")");
        }
    }

    public static void nonNegative(String key, double value) {
        if (!(value >= 0)) {
            throw new InvalidValue(key, value, "must be >= 0");
        }
    }

    public static void notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValue(key, "\"" + value + "\"", "must not be empty");
        }
    }
}
