package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.data.Documents;
import dev.braid.driver.data.StreamSharder;
import dev.braid.driver.data.VocabularyBuilder;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.Provenance;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.spark.SparkSessions;
import dev.braid.driver.train.Checkpoints;
import dev.braid.driver.train.MetricsLog;
import dev.braid.driver.train.ProgressPrinter;
import dev.braid.driver.train.RoundReport;
import dev.braid.driver.train.TrainState;
import dev.braid.driver.train.StreamRoundTask;
import dev.braid.driver.train.TrainingMaster;
import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.data.StreamBatches;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.LanguageModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.train.StreamTrainingSpec;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The character language model workload: read and shard the corpus, train data-parallel, save the
 * model, then report held-out bits per character and samples.
 */
public final class CharLmJob {
    private final ConfigLoader.Loaded loaded;
    private final BraidConfig cfg;
    private final PrintStream out;

    public CharLmJob(ConfigLoader.Loaded loaded, PrintStream out) {
        this.loaded = loaded;
        this.cfg = loaded.config();
        this.out = out;
    }

    /** What a run produced, for the CLI and tests. */
    public record Outcome(RunLayout layout, List<RoundReport> rounds, CharLmReport report, TrainState state,
                          LanguageModelSpec spec) {
        public double firstLoss() {
            return rounds.get(0).loss();
        }

        public double lastLoss() {
            return rounds.get(rounds.size() - 1).loss();
        }
    }

    public Outcome run(String runDir, boolean resume, Optional<String> initFrom) {
        JavaSparkContext sc = SparkSessions.start(cfg.spark());
        try {
            return run(sc, runDir, resume, initFrom);
        } finally {
            sc.stop();
        }
    }

    public Outcome run(JavaSparkContext sc, String runDir, boolean resume) {
        return run(sc, runDir, resume, Optional.empty());
    }

    /**
     * Trains in {@code runDir} (null: a new timestamped one); {@code resume} continues its latest
     * checkpoint; {@code initFrom} starts a new run from a saved model's parameters,
     * optimizer state and vocabulary (fine-tuning, e.g. on a later part of the corpus).
     */
    public Outcome run(JavaSparkContext sc, String runDir, boolean resume, Optional<String> initFrom) {
        long start = System.nanoTime();
        Fs fs = new Fs(sc.hadoopConfiguration());
        if (resume && initFrom.isPresent()) {
            throw new UserError("--resume and --init-from exclude each other: --resume continues a run's own checkpoint, "
                    + "--init-from starts a new run from a model. Give one.");
        }
        if (cfg.eval().mix().isPresent() && !fs.hasDocuments(cfg.eval().mixText())) {
            // checked now: the n-gram models count this text only after training
            throw new UserError("eval.mixText=" + cfg.eval().mixText() + " does not exist: context mixing counts it after "
                    + "training. Set eval.mixText to the training text (or any text to count first), or eval.mixOrders=[] "
                    + "for no mixing.");
        }
        for (String companion : cfg.eval().mixNetworks()) {
            if (!fs.exists(new Path(companion, "model.json"))) {
                throw new UserError("eval.mixNetworks lists " + companion + ", which holds no trained model (no model.json): "
                        + "the companion networks of context mixing are read after training. Give the model/ directory of a "
                        + "trained character model, or eval.mixNetworks=[].");
            }
        }
        RunLayout layout = resume ? RunLayout.existing(fs, runDir) : RunLayout.create(fs, runDir, cfg.name(), LocalDateTime.now());
        List<String> train = List.of(cfg.data().train());
        if (initFrom.isPresent()) {
            SavedModel parent = new ModelStore(fs).load(initFrom.get());
            Vocabulary vocab = parent.vocabulary("tokens");
            return train(sc, fs, layout, train, vocab, warmStart(parent, initFrom.get(), spec(vocab)), start);
        }
        Optional<Checkpoints.Restored> restored = resume ? Optional.of(new Checkpoints(fs, layout).resumable(cfg))
                : Optional.empty();
        JavaPairRDD<Integer, String> docs = Documents.read(sc, fs, train, cfg.training().workers() * 2);
        Vocabulary vocab = VocabularyBuilder.characters(docs.values(), cfg.data().vocabulary().maxSize(),
                cfg.data().vocabulary().minCount());
        return train(sc, fs, layout, train, vocab, restored.map(r -> (Start) new Start.Resumed(r)).orElse(new Start.Fresh()),
                start);
    }

    /** A warm start from {@code parent}, whose architecture must be the config's (dropout may differ). */
    private Start warmStart(SavedModel parent, String location, LanguageModelSpec wanted) {
        LanguageModelSpec has = parent.languageModel(location);
        if (!has.withDropout(wanted.dropout()).equals(wanted)) {
            throw new UserError("--init-from " + location + " holds " + has + " but the config describes " + wanted
                    + "; a warm start needs the same architecture: set model.* to the model's values.");
        }
        return new Start.Warm(parent.params(), parent.optimizerState(), location);
    }

    /** Where training starts: fresh parameters, a checkpoint of the same run, or a previous model (warm start). */
    public sealed interface Start {
        /** Parameters from the config's seed. */
        record Fresh() implements Start {
        }

        /** Continue a run from its latest checkpoint. */
        record Resumed(Checkpoints.Restored checkpoint) implements Start {
        }

        /** A new run from earlier parameters (and optimizer state, empty for fresh moments) of the model {@code from}. */
        record Warm(float[] params, float[] optimizer, String from) implements Start {
        }
    }

    /**
     * Trains on the documents of {@code locations} (in order) with {@code vocab} from {@code begin},
     * writes the run directory and the model, and reports held-out results.
     */
    public Outcome train(JavaSparkContext sc, Fs fs, RunLayout layout, List<String> locations, Vocabulary vocab,
                         Start begin, long start) {
        int workers = cfg.training().workers();
        JavaPairRDD<Integer, String> docs = Documents.read(sc, fs, locations, workers * 2);
        List<RoundReport> earlier = begin instanceof Start.Resumed r
                ? MetricsLog.roundsThrough(fs, layout.metrics(), r.checkpoint().rounds())
                : List.of();
        fs.writeText(layout.config(), loaded.rendered());
        out.println("Run directory: " + layout.root());
        StreamSharder.Sharded data = StreamSharder.shard(sc, docs.mapValues(vocab::encodeChars), workers,
                cfg.training().batchSize());
        out.printf(Locale.ROOT, "Corpus %s: %,d characters, vocabulary %d, %d workers x %d streams of %,d (%,d dropped)%n",
                String.join(", ", locations), data.tokens(), vocab.size(), workers, cfg.training().batchSize(),
                data.streamLength(), data.dropped());
        LanguageModelSpec spec = spec(vocab);
        StreamTrainingSpec trainingSpec = new StreamTrainingSpec(spec, cfg.optimizer().toSpec(plannedUpdates(data.streamLength())),
                cfg.training().seqLength(),
                cfg.training().stateful(), cfg.data().randomOffset(), cfg.data().resetAtDocumentBoundary(), cfg.seed(),
                cfg.worker().blasThreads());
        LanguageModel model = spec.build(Precision.FLOAT);
        model.initParams(cfg.seed());
        out.printf(Locale.ROOT, "Model: %s x %d layers of %d, embedding %d, %,d parameters; %s, K=%d, seqLength %d%n",
                cfg.model().cell().name().toLowerCase(Locale.ROOT), spec.layers(), spec.hidden(), spec.embedding(),
                model.layout().size(), cfg.training().stateful() ? "stateful" : "stateless",
                cfg.training().averagingPeriod(), cfg.training().seqLength());
        TrainState state = initialState(begin, model, workers);
        List<RoundReport> rounds = new ArrayList<>();
        Checkpoints checkpoints = new Checkpoints(fs, layout);
        TrainingMaster<StreamBlock> master = new TrainingMaster<>(sc, new StreamRoundTask(trainingSpec, data.streamLength()),
                cfg.training().averagingPeriod());
        try (MetricsLog metrics = new MetricsLog(fs, layout.metrics()); ProgressPrinter progress = new ProgressPrinter(out)) {
            earlier.forEach(metrics::write);
            rounds.addAll(earlier);
            master.train(data.blocks(), state, cfg.training().epochs(), cfg.training().timeLimit(), start, r -> {
                metrics.write(r);
                progress.update(r, cfg.training().epochs());
                rounds.add(r);
                if (r.round() % cfg.training().checkpointEvery() == 0) {
                    checkpoints.write(state, loaded.rendered());
                }
            });
            if (state.rounds() % cfg.training().checkpointEvery() != 0) {
                checkpoints.write(state, loaded.rendered());
            }
        } finally {
            data.release();
        }
        if (rounds.isEmpty()) {
            throw new dev.braid.driver.UserError("No round finished within training.timeLimit=" + cfg.training().timeLimit()
                    + "; raise the limit.");
        }
        model.params().setAll(state.params());
        new ModelStore(fs).save(layout.model(), new SavedModel(spec, Map.of("tokens", vocab), state.params(),
                state.optimizer(), loaded.rendered(), provenance(fs, locations, begin, start)));
        CharLmReport report = CharLmReport.evaluate(cfg, fs, rounds, state.iteration(), data.tokens(), model, vocab, out);
        report.write(fs, layout);
        out.println("Model saved to " + layout.model());
        return new Outcome(layout, rounds, report, state, spec);
    }

    private Provenance provenance(Fs fs, List<String> locations, Start begin, long start) {
        Provenance p = Provenance.of(fs, locations, loaded.rendered(), cfg.seed(), (System.nanoTime() - start) / 1e9);
        return begin instanceof Start.Warm w ? p.warmStartedFrom(w.from()) : p;
    }

    /** Updates in {@code training.epochs} epochs over streams of {@code streamLength}: the cosine schedule's length. */
    private long plannedUpdates(int streamLength) {
        long updates = 0;
        for (int e = 0; e < cfg.training().epochs(); e++) {
            updates += StreamBatches.segments(streamLength, cfg.training().seqLength(), cfg.data().randomOffset(), cfg.seed(), e);
        }
        return updates;
    }

    /** The architecture of the config for a vocabulary. */
    public LanguageModelSpec spec(Vocabulary vocab) {
        return new LanguageModelSpec(vocab.size(), cfg.model().embedding(), cfg.model().cell(), cfg.model().hidden(),
                cfg.model().layers(), cfg.model().dropout());
    }

    private TrainState initialState(Start begin, LanguageModel model, int workers) {
        int optState = cfg.optimizer().type().stateMultiple() * model.layout().size();
        if (begin instanceof Start.Resumed r) {
            out.println("Resuming from " + r.checkpoint().describe());
            return r.checkpoint().state();
        }
        if (begin instanceof Start.Warm w) {
            float[] opt = w.optimizer().length == optState ? w.optimizer() : new float[optState];
            return new TrainState(w.params(), opt, workers);
        }
        return new TrainState(model.params().toFloatArray(), new float[optState], workers);
    }

}
