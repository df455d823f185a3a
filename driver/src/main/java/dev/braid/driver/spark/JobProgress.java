package dev.braid.driver.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

/**
 * Progress of the long Spark jobs of a command — preparing the data (reading, vocabularies, byte-pair
 * merges, batching), validation, the report, translating or classifying a file — named by their job
 * description ({@link JobNames}): a bar on a terminal, otherwise a plain line when a job has run
 * {@code braid.progress.firstMs} (5 s) and then at most every {@code braid.progress.everyMs} (15 s) as its
 * tasks finish, and one when it ends; no control characters when the output is a pipe or a file. Short
 * jobs print nothing; training rounds have their own progress (the trainer's bar or lines).
 */
public final class JobProgress extends SparkListener {
    private final PrintStream out;
    private final boolean terminal;
    private final long firstNanos;
    private final long everyNanos;
    private final Map<Integer, Job> jobs = new ConcurrentHashMap<>();
    private final Map<Integer, Job> byStage = new ConcurrentHashMap<>();
    private static final java.util.Set<String> FOLLOWED = ConcurrentHashMap.newKeySet();

    /** A job being followed: what it is, its tasks, and what was shown of it. */
    private static final class Job {
        final String what;
        final long start = System.nanoTime();
        final int tasks;
        int done;
        long shown;
        ProgressBar bar;

        Job(String what, int tasks) {
            this.what = what;
            this.tasks = tasks;
        }
    }

    JobProgress(PrintStream out, boolean terminal, long firstMs, long everyMs) {
        this.out = out;
        this.terminal = terminal;
        this.firstNanos = firstMs * 1_000_000L;
        this.everyNanos = everyMs * 1_000_000L;
    }

    /** Follows the jobs of {@code sc} on {@code out} (the console's error stream: standard output may be data). */
    public static void follow(SparkContext sc, PrintStream out) {
        // a context shared by several commands in one JVM (tests, an embedding application) is followed once
        if (!FOLLOWED.add(sc.applicationId())) {
            return;
        }
        sc.addSparkListener(new JobProgress(out, System.console() != null,
                Long.getLong("braid.progress.firstMs", 5_000), Long.getLong("braid.progress.everyMs", 15_000)));
    }

    @Override public void onJobStart(SparkListenerJobStart e) {
        String what = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
        if (what == null || what.contains(", round ")) {
            return;
        }
        int tasks = 0;
        Job job;
        scala.collection.Iterator<StageInfo> it = e.stageInfos().iterator();
        java.util.List<Integer> stages = new java.util.ArrayList<>();
        while (it.hasNext()) {
            StageInfo s = it.next();
            tasks += s.numTasks();
            stages.add(s.stageId());
        }
        job = new Job(what, tasks);
        jobs.put(e.jobId(), job);
        stages.forEach(s -> byStage.put(s, job));
    }

    @Override public void onTaskEnd(SparkListenerTaskEnd e) {
        Job job = byStage.get(e.stageId());
        if (job == null) {
            return;
        }
        synchronized (job) {
            job.done++;
            long now = System.nanoTime();
            if (now - job.start < firstNanos) {
                return;
            }
            if (terminal) {
                if (job.bar == null) {
                    job.bar = new ProgressBarBuilder().setTaskName(job.what).setInitialMax(job.tasks)
                            .setStyle(ProgressBarStyle.ASCII).setUnit(" tasks", 1).build();
                }
                job.bar.stepTo(Math.min(job.done, job.tasks));
            } else if (job.shown == 0 || now - job.shown >= everyNanos) {
                out.printf(Locale.ROOT, "  %s: %d of %d tasks, %.0f s%n", job.what, Math.min(job.done, job.tasks),
                        job.tasks, (now - job.start) / 1e9);
                job.shown = now;
            }
        }
    }

    @Override public void onJobEnd(SparkListenerJobEnd e) {
        Job job = jobs.remove(e.jobId());
        if (job == null) {
            return;
        }
        byStage.values().removeIf(j -> j == job);
        synchronized (job) {
            boolean succeeded = e.jobResult() == org.apache.spark.scheduler.JobSucceeded$.MODULE$;
            if (job.bar != null) {
                job.bar.close();
            } else if (job.shown != 0 && succeeded) {
                // a failed job says nothing more: the error that follows says why
                out.printf(Locale.ROOT, "  %s: done, %.0f s%n", job.what, (System.nanoTime() - job.start) / 1e9);
            }
        }
    }
}
