package dev.braid.driver.workload;

import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.StackBinder;
import dev.braid.driver.config.TeachingConfig;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.Json;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.run.Prepared;
import dev.braid.driver.run.Workload;
import dev.braid.worker.data.BatchSet;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.random.Seeds;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The course's teaching tasks ({@code teaching.task}) as one workload: data generated from the seed (test
 * data from another), cut into batches of {@code training.batchSize} rows dealt to the workers in turn
 * and trained as shuffled examples; the model is the config's stack; the report scores the test set
 * beside the task's baseline ({@code report.json}).
 */
public final class TeachingWorkload implements Workload<BatchSet, TeachingWorkload.Report> {
    private final BraidConfig cfg;
    private final TeachingConfig t;
    private final TeachingTask task;
    private final PrintStream out;

    /** What a teaching run reports: its task, its scores (the headline first) and its budget. */
    public record Report(String name, String task, Map<String, Double> scores, double trainSeconds, long rounds) {
    }

    public TeachingWorkload(BraidConfig cfg, PrintStream out) {
        this.cfg = cfg;
        this.t = cfg.teaching();
        this.out = out;
        this.task = switch (t.task()) {
            case REBER -> new ReberTask();
            case SINE -> new SineTask(t.steps(), t.generate());
            case VEC2SEQ -> new Vec2SeqTask(t.steps());
        };
    }

    @Override public Map<String, String> inputs() {
        return Map.of();
    }

    @Override public Prepared<BatchSet> prepare(JavaSparkContext sc, Fs fs, List<String> train,
                                                Optional<Map<String, Vocabulary>> vocabularies) {
        int workers = cfg.training().workers();
        List<Batch> batches = task.examples(Seeds.syntheticData(cfg.seed()), t.examples(), cfg.training().batchSize());
        DealtBatches dealt = DealtBatches.of(sc, batches, workers);
        String summary = String.format(Locale.ROOT, "Teaching task %s: %,d examples (generated, seed %d) in %,d batches of "
                + "<= %d rows, %d workers", lower(), t.examples(), cfg.seed(), batches.size(), cfg.training().batchSize(),
                workers);
        return dealt.prepared(cfg, spec(Map.of()), summary);
    }

    private String lower() {
        return t.task().name().toLowerCase(Locale.ROOT);
    }

    @Override public ModelSpec.Units layers() {
        return StackBinder.units(cfg.model(), task.defaultHead().name());
    }

    @Override public ModelSpec spec(Map<String, Vocabulary> vocabularies) {
        return StackBinder.bind(cfg.model(), new StackBinder.Sizes(0, task.vocabulary()), task.defaultHead());
    }

    @Override public String describe(Prepared<BatchSet> data, int parameters) {
        return String.format(Locale.ROOT, "Model: stack %s, %,d parameters", data.spec().units(), parameters);
    }

    private Map<String, Double> score(SavedModel model) {
        BlasThreads.allCores();
        List<Batch> test = task.tests(Seeds.syntheticData(cfg.seed() + 1), t.testExamples(), 256);
        return task.evaluate(model.buildLanguageModel("the trained model"), test);
    }

    @Override public Report report(JavaSparkContext sc, Fs fs, Trained<BatchSet> trained) {
        Map<String, Double> scores = score(trained.model());
        out.println(task.describe(scores));
        Report report = new Report(cfg.name(), lower(), scores, trained.trainSeconds(), trained.state().rounds());
        fs.writeAtomically(trained.layout().report(), Json.indented(report));
        return report;
    }

    @Override public HeldOut heldOut(JavaSparkContext sc, Fs fs, SavedModel model) {
        return new HeldOut(task.error(score(model)), lower() + " error");
    }
}
