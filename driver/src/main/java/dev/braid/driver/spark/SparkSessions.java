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

    /**
     * A cluster master set in the config (not through spark-submit): the executors need Braid's jar
     * ({@code braid.clusterJar}, set by the launcher) and the cluster's shared secret
     * ({@code braid.sparkProperties}, the spark-defaults.conf of scripts/cluster-up) when it has one.
     */
    private static void clusterDefaults(SparkConf conf) {
        if (!conf.contains("spark.jars")) {
            String jar = System.getProperty("braid.clusterJar");
            if (jar == null || !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(jar))) {
                throw new dev.braid.driver.UserError("spark.master=" + conf.get("spark.master") + " is a cluster, but the "
                        + "job was not submitted with spark-submit and the cluster jar " + (jar == null ? "" : jar + " ")
                        + "is missing: run scripts/braid with --master " + conf.get("spark.master") + " (it builds and "
                        + "submits the jar), or build it with mvn -Pcluster-jar package.");
            }
            conf.set("spark.jars", jar);
        }
        String props = System.getProperty("braid.sparkProperties");
        if (props != null && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(props))) {
            try {
                java.util.Properties p = new java.util.Properties();
                try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(props))) {
                    p.load(in);
                }
                p.stringPropertyNames().forEach(k -> conf.setIfMissing(k, p.getProperty(k).trim()));
            } catch (java.io.IOException e) {
                throw new dev.braid.driver.UserError("Cannot read " + props + ": " + e.getMessage());
            }
        }
    }

    /**
     * Stops {@code sc} once the tasks still running have ended: after a job fails (a user error in one task)
     * its other tasks are only flagged killed and end at their next record; stopping under them makes Scala's
     * executor print a RejectedExecutionException trace on the console. Waits at most {@code STOP_WAIT_MS}.
     */
    public static void stop(JavaSparkContext sc) {
        sc.cancelAllJobs();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MS);
        while (running(sc) > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sc.stop();
    }

    private static final long STOP_WAIT_MS = 30_000;

    private static int running(JavaSparkContext sc) {
        int n = 0;
        for (org.apache.spark.SparkExecutorInfo e : sc.sc().statusTracker().getExecutorInfos()) {
            n += e.numRunningTasks();
        }
        return n;
    }

    /** Whether this JVM already runs a Spark context (a test, or an embedding application). */
    public static boolean active() {
        return SparkSession.getDefaultSession().isDefined();
    }

    public static JavaSparkContext start(SparkConfig cfg) {
        boolean shared = active();
        SparkSession session = SparkSession.builder().config(sparkConf(cfg)).getOrCreate();
        if (!shared) {
            // a context this JVM already ran (tests, an embedding application) keeps its own console
            JobProgress.follow(session.sparkContext(), System.err);
        }
        return JavaSparkContext.fromSparkContext(session.sparkContext());
    }

    /**
     * The Hadoop configuration a context started from {@code cfg} has (the running one's, if this JVM
     * has one), so that paths can be checked before Spark starts.
     */
    public static org.apache.hadoop.conf.Configuration hadoopConf(SparkConfig cfg) {
        if (active()) {
            return SparkSession.getDefaultSession().get().sparkContext().hadoopConfiguration();
        }
        SparkConf conf = new SparkConf().setAppName(cfg.appName()).setMaster(cfg.master());
        cfg.properties().forEach(conf::set);
        return org.apache.spark.deploy.SparkHadoopUtil.get().newConfiguration(conf);
    }

    private static SparkConf sparkConf(SparkConfig cfg) {
        SparkConf conf = new SparkConf().setAppName(cfg.appName()).setMaster(cfg.master());
        conf.set("spark.ui.enabled", Boolean.toString(cfg.ui()));
        if (cfg.local()) {
            conf.set("spark.driver.host", "127.0.0.1");
            conf.set("spark.driver.bindAddress", "127.0.0.1");
            // every round moves the parameters and optimizer moments (127 MB for the translation model) to each
            // task and back. In one JVM a result up to the RPC limit is handed over in memory, where a larger one
            // is stored in the block manager and fetched back over loopback; and broadcast pieces are written for
            // executors that local mode does not have, so compressing them is work for nothing
            conf.setIfMissing("spark.rpc.message.maxSize", "2047");
            conf.setIfMissing("spark.task.maxDirectResultSize", "2047m");
            conf.setIfMissing("spark.broadcast.compress", "false");
        } else {
            clusterDefaults(conf);
            String opts = conf.get("spark.executor.extraJavaOptions", "");
            if (!opts.contains("jdk.incubator.vector")) {
                conf.set("spark.executor.extraJavaOptions", (opts + " " + EXECUTOR_JAVA_OPTIONS).trim());
            }
            conf.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        }
        conf.setIfMissing("spark.driver.maxResultSize", "4g");
        cfg.properties().forEach(conf::set);
        return conf;
    }
}
