package dev.braid.driver.spark;

import dev.braid.driver.config.SparkConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Starts Spark for a run. A local master is bound to 127.0.0.1 (it would otherwise pick whatever
 * interface the host offers); a cluster master gets the JVM options and environment the worker math
 * needs on every executor (the Vector API module, OpenMP's passive wait policy).
 */
public final class SparkSessions {
    /** Executor JVM options the worker needs; appended to any the user configured. */
    public static final String EXECUTOR_JAVA_OPTIONS = "--add-modules=jdk.incubator.vector";

    private SparkSessions() {
    }

    /** Whether this JVM already runs a Spark context (a test, or an embedding application). */
    public static boolean active() {
        return SparkSession.getDefaultSession().isDefined();
    }

    public static JavaSparkContext start(SparkConfig cfg) {
        SparkConf conf = new SparkConf().setAppName(cfg.appName()).setMaster(cfg.master());
        conf.set("spark.ui.enabled", Boolean.toString(cfg.ui()));
        if (cfg.local()) {
            conf.set("spark.driver.host", "127.0.0.1");
            conf.set("spark.driver.bindAddress", "127.0.0.1");
        } else {
            String opts = conf.get("spark.executor.extraJavaOptions", "");
            if (!opts.contains("jdk.incubator.vector")) {
                conf.set("spark.executor.extraJavaOptions", (opts + " " + EXECUTOR_JAVA_OPTIONS).trim());
            }
            conf.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        }
        conf.setIfMissing("spark.driver.maxResultSize", "4g");
        cfg.properties().forEach(conf::set);
        SparkSession session = SparkSession.builder().config(conf).getOrCreate();
        return JavaSparkContext.fromSparkContext(session.sparkContext());
    }
}
