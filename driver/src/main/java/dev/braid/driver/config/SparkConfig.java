package dev.braid.driver.config;

import java.util.Map;

/**
 * Where the job runs. {@code master} is {@code local[*]} for the embedded run, or a cluster URL;
 * {@code properties} are passed to SparkConf verbatim.
 */
public record SparkConfig(String master, String appName, boolean ui, Map<String, String> properties) {
    public SparkConfig {
        Check.notBlank("master", master);
        Check.notBlank("appName", appName);
    }

    public boolean local() {
        return master.startsWith("local");
    }
}
