package dev.braid.driver.spark;

import dev.braid.driver.config.SparkConfig;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spark-local test tier's context: one {@code local[2,4]} context (2 cores, a failed task retried
 * up to 4 times) shared by every test class of the JVM, stopped at exit.
 */
public final class SparkTest {
    private static JavaSparkContext sc;

    private SparkTest() {
    }

    public static synchronized JavaSparkContext sc() {
        if (sc == null) {
            sc = SparkSessions.start(new SparkConfig("local[2,4]", "braid-test", false, Map.of()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> sc.stop()));
        }
        return sc;
    }
}
