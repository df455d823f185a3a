package dev.braid.driver.config;

/**
 * Thrown by a config record's compact constructor: names the offending key (relative to the record),
 * its value and the rule. The binder adds the full path and the file and line it came from.
 */
public final class InvalidValue extends IllegalArgumentException {
    private final String key;
    private final transient Object value;
    private final String rule;

    public InvalidValue(String key, Object value, String rule) {
        super(key + "=" + value + ": " + rule);
        this.key = key;
        this.value = value;
        this.rule = rule;
    }

    public String key() {
        return key;
    }

    public Object value() {
        return value;
    }

    public String rule() {
        return rule;
    }
}
