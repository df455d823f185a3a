package dev.braid.driver.run;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.Provenance;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.spark.JobNames;
import dev.braid.driver.spark.SparkSessions;
import dev.braid.driver.train.Checkpoints;
import dev.braid.driver.train.MetricsLog;
import dev.braid.driver.train.RoundReport;
import dev.braid.driver.train.TrainState;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.SequenceModel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One training run of any workload, from its directory to its report: checks every input before Spark
 * starts, decides the start (fresh, resume, warm start), prepares the workload's data, trains rounds
 * with metrics, progress, checkpoints and divergence rollback ({@link RoundLoop}), saves the model the
 * selection chose and has the workload report on it.
 */
public final class TrainingRun<D, R> {
    private final ConfigLoader.Loaded loaded;
    private final BraidConfig cfg;
    private final Workload<D, R> workload;
    private final PrintStream out;

    /** The run of {@code workload} (of any data and report types) for config {@code loaded}. */
    public static <D, R> TrainingRun<D, R> of(ConfigLoader.Loaded loaded, Workload<D, R> workload, PrintStream out) {
        return new TrainingRun<>(loaded, workload, out);
    }

    public TrainingRun(ConfigLoader.Loaded loaded, Workload<D, R> workload, PrintStream out) {
        this.loaded = loaded;
        this.cfg = loaded.config();
        this.workload = workload;
        this.out = out;
    }

    /** What a run produced: its directory, every round (a resumed run's earlier ones too), the final state, the report. */
    public record Outcome<R>(RunLayout layout, List<RoundReport> rounds, TrainState state, ModelSpec spec, R report) {
        public double firstLoss() {
            return counted().get(0).loss();
        }

        public double lastLoss() {
            List<RoundReport> c = counted();
            return c.get(c.size() - 1).loss();
        }

        /** The rounds that count (not rolled back). */
        public List<RoundReport> counted() {
            return rounds.stream().filter(RoundReport::counts).toList();
        }
    }

    /** Checks inputs, the run directory and the start, then starts Spark, trains, and stops Spark. */
    public Outcome<R> run(RunOptions options) {
        Plan plan = plan(new Fs(SparkSessions.hadoopConf(cfg.spark())), options);
        boolean shared = SparkSessions.active();
        JavaSparkContext sc = SparkSessions.start(TaskDevices.sparkConfig(cfg));
        try {
            return ended(new Fs(sc.hadoopConfiguration()), plan, sc);
        } finally {
            if (!shared) {
                SparkSessions.stop(sc);
            }
        }
    }

    /** As above on a running Spark context (tests, embedding applications). */
    public Outcome<R> run(JavaSparkContext sc, RunOptions options) {
        Fs fs = new Fs(sc.hadoopConfiguration());
        return ended(fs, plan(fs, options), sc);
    }

    /** Trains as planned; then what the run replaced (--overwrite) is deleted, or, if it failed, maybe put back. */
    private Outcome<R> ended(Fs fs, Plan plan, JavaSparkContext sc) {
        Outcome<R> outcome;
        try {
            outcome = train(sc, fs, plan.layout(), plan.begin(), List.of(cfg.data().train()), System.nanoTime());
        } catch (Throwable e) { // Spark's Scala side throws checked exceptions (SparkException) undeclared
            try {
                plan.layout().failed(fs, out::println);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        plan.layout().finished(fs);
        return outcome;
    }

    /** Where a run writes and how it starts. */
    private record Plan(RunLayout layout, Start begin) {
    }

    /**
     * Every check that needs no Spark, in the order a user fixes them: each input path exists, the
     * workload's own checks, then the start — the run's intact checkpoint (--resume), a saved model
     * (--init-from), or fresh parameters — and the run directory (a new one is created last, so a
     * refused start leaves nothing behind).
     */
    private Plan plan(Fs fs, RunOptions options) {
        preflight(fs);
        if (options.resume()) {
            RunLayout layout = options.layout(fs, cfg.name());
            return new Plan(layout, new Start.Resumed(checkpoints(fs, layout).resumable(cfg)));
        }
        Start begin = options.initFrom().<Start>map(m -> Start.Warm.of(new ModelStore(fs).load(m), m))
                .orElse(new Start.Fresh());
        if (begin instanceof Start.Warm w) {
            sameArchitecture(w, workload.spec(w.vocabularies()));
        }
        return new Plan(options.layout(fs, cfg.name()), begin);
    }

    /**
     * The checks of a run that need neither Spark nor a run directory: each input path exists, the
     * workload's own checks, pretrained vectors, the placement. A retrain makes them too, before its Spark.
     */
    public void preflight(Fs fs) {
        for (Map.Entry<String, String> input : workload.inputs().entrySet()) {
            if (!input.getValue().isEmpty() && !fs.hasDocuments(input.getValue())) {
                throw new UserError(input.getKey() + "=" + input.getValue() + " does not exist (or, as a pattern, matches "
                        + "nothing); it is checked before training starts. Fetch the datasets with scripts/fetch-datasets, or "
                        + "set " + input.getKey() + " to an existing file or directory.");
            }
        }
        workload.preflight(fs);
        PretrainedEmbeddings.check(fs, cfg.model());
        TaskDevices.check(cfg, workload.layers());
    }

    /** Describes the placement each task runs. */
    private String pipelineLine() {
        dev.braid.worker.pipeline.Placement p = cfg.placement().toPlacement();
        StringBuilder stages = new StringBuilder();
        for (int s = 0; s < p.stages().size(); s++) {
            stages.append(s == 0 ? "" : " | ").append(String.join(" ", p.stages().get(s))).append(" @").append(p.devices().get(s));
        }
        return String.format(java.util.Locale.ROOT, "Pipeline in each task: %d stages [%s], %s, %d micro-batches; "
                        + "each task asks for %d device(s)", p.stages().size(), stages, cfg.placement().schedule(),
                p.microBatches(), TaskDevices.perTask(cfg));
    }

    /** A warm start needs the config's architecture; only dropout may differ. */
    private static void sameArchitecture(Start.Warm w, ModelSpec wanted) {
        if (!w.spec().sameArchitecture(wanted)) {
            throw new UserError("--init-from " + w.from() + " holds " + w.spec() + " but the config describes " + wanted
                    + "; a warm start needs the same architecture: set model.* to the model's values.");
        }
    }

    Checkpoints checkpoints(Fs fs, RunLayout layout) {
        return new Checkpoints(fs, layout, cfg.training().keepCheckpoints(), w -> out.println("Warning: " + w));
    }

    /**
     * Trains on the documents of {@code train} (in order) from {@code begin} in {@code layout}, saves
     * the model and reports. Retraining calls this with its data partitions and a warm start.
     */
    public Outcome<R> train(JavaSparkContext sc, Fs fs, RunLayout layout, Start begin, List<String> train, long start) {
        List<RoundReport> earlier = begin instanceof Start.Resumed r
                ? MetricsLog.roundsThrough(fs, layout.metrics(), r.checkpoint().rounds(), w -> out.println("Warning: " + w))
                : List.of();
        fs.writeText(layout.config(), loaded.rendered());
        out.println("Run directory: " + layout.root());
        continueFrom(fs, begin);
        JobNames.phase(sc, cfg.name(), "prepare", "preparing the data");
        Prepared<D> data = workload.prepare(sc, fs, train, begin.knownVocabularies());
        Provenance provenance = provenance(data, begin, start);
        try {
            out.println(data.summary());
            dev.braid.worker.model.StackModel model = data.spec().build(Precision.FLOAT);
            model.initParams(cfg.seed());
            if (begin instanceof Start.Fresh) {
                PretrainedEmbeddings.apply(fs, data.spec(), data.vocabularies(), model).forEach(out::println);
                workload.initialize(data, model).forEach(out::println);
            }
            out.println(workload.describe(data, model.layout().size()));
            if (cfg.placement().pipelined()) {
                out.println(pipelineLine());
            }
            TrainState state = initialState(begin, data, model);
            Selection selection = WorkloadFiles.carried(workload.selection(sc, fs, layout, data,
                    p -> saved(data, p, new float[0], provenance)), workload.modelFiles());
            if (begin instanceof Start.Resumed r) {
                selection.restore(r.checkpoint().dir());
                out.println("Resuming from " + r.checkpoint().describe());
            }
            List<RoundReport> rounds = new RoundLoop<D>(cfg, loaded.rendered(), out, checkpoints(fs, layout), fs, layout)
                    .train(sc, data, state, selection, earlier, start);
            // every sitting's training, per-epoch validation included
            double seconds = state.priorSeconds() + (System.nanoTime() - start) / 1e9;
            Selection.Choice choice = selection.finish(state);
            SavedModel saved = saved(data, choice.params(), choice.optimizer(), provenance.trainedFor(seconds));
            new ModelStore(fs).save(layout.model(), saved);
            JobNames.phase(sc, cfg.name(), "report", "scoring the trained model, the report");
            R report = workload.report(sc, fs, new Workload.Trained<>(layout, data, state, rounds, choice, saved, seconds));
            out.println("Model saved to " + layout.model());
            writeReportPage(fs, layout);
            return new Outcome<>(layout, rounds, state, data.spec(), report);
        } finally {
            data.release().run();
        }
    }

    /** {@code report.html} and its plots; a failure to draw them is a warning, never a failed run. */
    private void writeReportPage(Fs fs, RunLayout layout) {
        try {
            out.println("Report: " + dev.braid.driver.report.RunReport.write(fs, layout));
        } catch (RuntimeException e) {
            out.println("Warning: the run report could not be written (" + e.getMessage() + "); the model and "
                    + "report.json are saved. Write it later with: braid report " + layout.root());
        }
    }

    /**
     * A warm start hands the workload the files saved with its model; a resumed run, those its checkpoint
     * carries (written by the same run, so it continues as it began: a forecaster with its scaling).
     */
    private void continueFrom(Fs fs, Start begin) {
        if (begin instanceof Start.Warm w) {
            workload.continueFrom(w.files());
        } else if (begin instanceof Start.Resumed r) {
            Map<String, byte[]> files = WorkloadFiles.read(fs, r.checkpoint().dir(), workload.modelFileNames());
            if (!files.isEmpty()) {
                workload.continueFrom(files);
            }
        }
    }

    private SavedModel saved(Prepared<D> data, float[] params, float[] optimizer, Provenance provenance) {
        return new SavedModel(data.spec(), data.vocabularies(), params, optimizer, loaded.rendered(), provenance,
                workload.modelFiles());
    }

    private Provenance provenance(Prepared<D> data, Start begin, long start) {
        Provenance p = Provenance.of(data.fingerprint(), loaded.rendered(), cfg.seed(), (System.nanoTime() - start) / 1e9);
        return begin instanceof Start.Warm w ? p.warmStartedFrom(w.from()) : p;
    }

    /**
     * The state to start from; a checkpoint or warm start is checked against the data it meets. A checkpoint
     * of another number of workers is dealt to this run's (an elastic resume), where the workload can.
     */
    private TrainState initialState(Start begin, Prepared<D> data, dev.braid.worker.model.StackModel model) {
        int size = model.layout().size();
        int optState = cfg.optimizer().type().stateMultiple() * size;
        int workers = cfg.training().workers();
        if (begin instanceof Start.Resumed r) {
            Checkpoints.Restored c = r.checkpoint();
            int before = c.state().partitions();
            boolean redeal = before != workers;
            if (redeal && data.elastic() == null) {
                throw new UserError("Checkpoint " + c.dir() + " was written by " + before + " workers; a "
                        + cfg.workload().name().toLowerCase(java.util.Locale.ROOT) + " run resumes only on as many. "
                        + "Resume with --set training.workers=" + before + ".");
            }
            String fingerprint = redeal ? data.elastic().fingerprintAs(before) : data.fingerprint();
            if (!c.dataFingerprint().isEmpty() && !c.dataFingerprint().equals(fingerprint)) {
                throw new UserError("The training data differs from what checkpoint " + c.dir() + " was trained on "
                        + "(fingerprint " + fingerprint + ", the checkpoint's " + c.dataFingerprint() + "): "
                        + cfg.data().train() + " changed since the run started. Resume with the data the run was "
                        + "started with, or start a new run from the run's model with --init-from.");
            }
            if (c.state().params().length != size) {
                throw new UserError("Checkpoint " + c.dir() + " holds " + c.state().params().length + " parameters; the "
                        + "model of this config over " + cfg.data().train() + " has " + size + " (the data or its "
                        + "vocabulary changed). Resume with the data the run was started with.");
            }
            if (redeal) {
                out.println("Elastic resume: the checkpoint's " + before + " workers' data and carried state dealt to "
                        + workers + " workers.");
                return data.elastic().redeal(c.state(), workers, model);
            }
            return c.state();
        }
        if (begin instanceof Start.Warm w) {
            sameArchitecture(w, data.spec());
            return new TrainState(w.params(), w.optimizer().length == optState ? w.optimizer() : new float[optState], workers);
        }
        return new TrainState(model.params().toFloatArray(), new float[optState], workers);
    }
}
