package dev.braid.driver.workload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.config.Seq2SeqConfig;
import dev.braid.driver.data.PairEncoder;
import dev.braid.driver.data.ParallelCorpus;
import dev.braid.driver.data.Seq2SeqBatcher;
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
import dev.braid.driver.train.Seq2SeqRoundTask;
import dev.braid.driver.train.TrainState;
import dev.braid.driver.train.TrainingMaster;
import dev.braid.worker.data.BatchSet;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.Seq2SeqModel;
import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.worker.train.Seq2SeqTrainingSpec;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The encoder-decoder workload: read pairs, build both vocabularies with Spark, batch by token budget
 * across workers, train with validation after every epoch (keeping the best model, stopping after
 * {@code patience} epochs without improvement, optionally averaging the last epochs), then score the
 * test set once, greedy and with beam search.
 */
public final class Seq2SeqJob {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ConfigLoader.Loaded loaded;
    private final BraidConfig cfg;
    private final Seq2SeqConfig s;
    private final PrintStream out;

    public Seq2SeqJob(ConfigLoader.Loaded loaded, PrintStream out) {
        this.loaded = loaded;
        this.cfg = loaded.config();
        this.s = cfg.seq2seq();
        this.out = out;
    }

    /** Validation after one epoch. */
    public record EpochScore(int epoch, double trainLoss, ReferenceSet.Scores validation) {
    }

    public record Report(String name, int cores, int workers, double trainSeconds, int epochs, long rounds, long pairs,
                         long truncated, long refused, double targetTokensPerSecond, double pairsPerSecond,
                         List<EpochScore> validation, int bestEpoch, String selected, ReferenceSet.Scores testGreedy,
                         ReferenceSet.Scores testBeam) {
    }

    public record Outcome(RunLayout layout, Report report) {
    }

    public Outcome run(String runDir, boolean resume) {
        JavaSparkContext sc = SparkSessions.start(cfg.spark());
        try {
            return run(sc, runDir, resume);
        } finally {
            sc.stop();
        }
    }

    /** The training pairs encoded and batched, with both vocabularies and the encoder's counts. */
    private record Corpus(Vocabulary src, Vocabulary tgt, Seq2SeqBatcher.Batched batched, long usable, long truncated,
                          long refused) {
    }

    /**
     * Trains in {@code runDir} (null: a new timestamped one); {@code resume} continues its latest
     * checkpoint, model selection included. The time limit counts from this call.
     */
    public Outcome run(JavaSparkContext sc, String runDir, boolean resume) {
        long start = System.nanoTime();
        Fs fs = new Fs(sc.hadoopConfiguration());
        RunLayout layout = resume ? RunLayout.existing(fs, runDir) : RunLayout.create(fs, runDir, cfg.name(), LocalDateTime.now());
        Checkpoints checkpoints = new Checkpoints(fs, layout);
        Optional<Checkpoints.Restored> restored = resume ? Optional.of(checkpoints.resumable(cfg)) : Optional.empty();
        fs.writeText(layout.config(), loaded.rendered());
        out.println("Run directory: " + layout.root());
        Corpus corpus = prepare(sc);
        ReferenceSet validation = ReferenceSet.read(sc, cfg, cfg.data().validation(), ParallelCorpus.Role.VALIDATION);
        Seq2SeqSpec spec = new Seq2SeqSpec(corpus.src().size(), corpus.tgt().size(), cfg.model().embedding(),
                cfg.model().cell(), cfg.model().hidden(), s.encoderLayers(), s.decoderLayers(), s.bidirectional(),
                s.attention(), cfg.model().dropout(), s.labelSmoothing(), s.reverseSource());
        Seq2SeqModel model = spec.build(Precision.FLOAT);
        model.initParams(cfg.seed());
        out.printf(Locale.ROOT, "Model: %s encoder %dx%d%s, decoder %dx%d, %s attention, %,d parameters%n",
                cfg.model().cell().name().toLowerCase(Locale.ROOT), s.encoderLayers(), cfg.model().hidden(),
                s.bidirectional() ? " bidirectional" : "", s.decoderLayers(), cfg.model().hidden(),
                s.attention().name().toLowerCase(Locale.ROOT), model.layout().size());
        ModelSelection selection = new ModelSelection(fs, layout, model, validation, corpus.src(), corpus.tgt(), spec,
                loaded.rendered(), Provenance.of(fs, List.of(cfg.data().train()), loaded.rendered(), cfg.seed(), 0));
        TrainState state = restored.map(r -> resumed(r, model, selection)).orElseGet(() -> new TrainState(
                model.params().toFloatArray(), new float[cfg.optimizer().type().stateMultiple() * model.layout().size()],
                cfg.training().workers()));
        List<RoundReport> earlier = restored.map(r -> MetricsLog.roundsThrough(fs, layout.metrics(), r.rounds()))
                .orElse(List.of());
        List<RoundReport> rounds = train(sc, fs, layout, checkpoints, corpus, spec, state, selection, earlier, start);
        double trainSeconds = state.priorSeconds() + (System.nanoTime() - start) / 1e9;
        if (state.nextBatch() > 0) {
            // the time limit stopped an epoch part-way: its parameters are candidates too
            selection.afterEpoch(state, rounds.get(rounds.size() - 1).loss(), this);
        }
        ModelSelection.Choice choice = selection.finish(this);
        model.params().setAll(choice.params());
        new ModelStore(fs).save(layout.model(), selection.saved(choice.params()));
        return new Outcome(layout, test(sc, fs, layout, model, corpus, state, rounds, trainSeconds, selection, choice));
    }

    private Corpus prepare(JavaSparkContext sc) {
        int workers = cfg.training().workers();
        JavaRDD<ParallelCorpus.Pair> pairs = ParallelCorpus.read(sc, cfg.data().train(), cfg.data().format(),
                ParallelCorpus.Role.TRAIN, workers * 2).cache();
        Vocabulary src = VocabularyBuilder.build(pairs.map(ParallelCorpus.Pair::source), s.sourceTokens(),
                cfg.data().vocabulary().maxSize(), cfg.data().vocabulary().minCount());
        Vocabulary tgt = VocabularyBuilder.build(pairs.map(ParallelCorpus.Pair::target), s.targetTokens(),
                cfg.data().vocabulary().maxSize(), cfg.data().vocabulary().minCount());
        PairEncoder encoder = new PairEncoder(src, tgt, s.sourceTokens(), s.targetTokens(), s.maxSourceLength(),
                s.maxTargetLength(), s.overlong());
        JavaRDD<PairEncoder.Encoded> encoded = pairs.map(encoder::encode).cache();
        Map<PairEncoder.Status, Long> status = encoded.map(PairEncoder.Encoded::status).countByValue();
        Seq2SeqBatcher.Batched batched = Seq2SeqBatcher.batch(sc, encoded.filter(e -> e.status() != PairEncoder.Status.REFUSED),
                workers, s.tokensPerBatch());
        encoded.unpersist(false);
        pairs.unpersist(false);
        long truncated = status.getOrDefault(PairEncoder.Status.TRUNCATED, 0L);
        long refused = status.getOrDefault(PairEncoder.Status.REFUSED, 0L);
        long usable = status.getOrDefault(PairEncoder.Status.OK, 0L) + truncated;
        out.printf(Locale.ROOT, "Pairs %s: %,d usable (%,d truncated, %,d refused); vocabularies %d source, %d target; "
                        + "%d workers x ~%d batches of <= %d target tokens%n", cfg.data().train(), usable, truncated, refused,
                src.size(), tgt.size(), workers, batched.maxBatches(), s.tokensPerBatch());
        return new Corpus(src, tgt, batched, usable, truncated, refused);
    }

    private TrainState resumed(Checkpoints.Restored r, Seq2SeqModel model, ModelSelection selection) {
        if (r.state().params().length != model.layout().size()) {
            throw new dev.braid.driver.UserError("Checkpoint " + r.dir() + " holds " + r.state().params().length
                    + " parameters; the model of this config over " + cfg.data().train() + " has " + model.layout().size()
                    + " (the data or its vocabulary changed). Resume with the data the run was started with.");
        }
        selection.restore(r.dir());
        out.println("Resuming from " + r.describe());
        return r.state();
    }

    /**
     * Trains from {@code state} with validation after every epoch; checkpoints carry the model
     * selection's state. An epoch's last round is checkpointed after its validation, so a checkpoint
     * never holds an epoch whose score is missing.
     */
    private List<RoundReport> train(JavaSparkContext sc, Fs fs, RunLayout layout, Checkpoints checkpoints, Corpus corpus,
                                    Seq2SeqSpec spec, TrainState state, ModelSelection selection, List<RoundReport> earlier, long start) {
        Seq2SeqBatcher.Batched batched = corpus.batched();
        List<RoundReport> rounds = new ArrayList<>(earlier);
        int epochs = cfg.training().epochs();
        TrainingMaster<BatchSet> master = new TrainingMaster<>(sc, new Seq2SeqRoundTask(
                new Seq2SeqTrainingSpec(spec, cfg.optimizer().toSpec((long) epochs * batched.maxBatches()),
                        cfg.seed(), cfg.worker().blasThreads()),
                batched.maxBatches()), cfg.training().averagingPeriod());
        try (MetricsLog metrics = new MetricsLog(fs, layout.metrics()); ProgressPrinter progress = new ProgressPrinter(out)) {
            earlier.forEach(metrics::write);
            master.train(batched.sets(), state, epochs, cfg.training().timeLimit(), start, r -> {
                metrics.write(r);
                progress.update(r, epochs);
                rounds.add(r);
                if (r.batchEnd() < r.batchesInEpoch() && r.round() % cfg.training().checkpointEvery() == 0) {
                    checkpoints.write(state, loaded.rendered(), selection.snapshot());
                }
            }, st -> {
                progress.close();
                boolean goOn = selection.afterEpoch(st, rounds.get(rounds.size() - 1).loss(), this);
                checkpoints.write(st, loaded.rendered(), selection.snapshot());
                return goOn;
            });
            if (state.nextBatch() > 0) {
                checkpoints.write(state, loaded.rendered(), selection.snapshot());
            }
        } finally {
            batched.release();
        }
        if (rounds.isEmpty()) {
            throw new dev.braid.driver.UserError("No round finished within training.timeLimit=" + cfg.training().timeLimit()
                    + "; raise the limit.");
        }
        return rounds;
    }

    /** Scores the test split once, greedy and with beam search, and writes the report. */
    private Report test(JavaSparkContext sc, Fs fs, RunLayout layout, Seq2SeqModel model, Corpus corpus, TrainState state,
                        List<RoundReport> rounds, double trainSeconds, ModelSelection selection,
                        ModelSelection.Choice choice) {
        ReferenceSet test = ReferenceSet.read(sc, cfg, cfg.data().test(), ParallelCorpus.Role.TEST);
        ReferenceSet.Scores greedy = score(test, model, corpus.src(), corpus.tgt(), 1);
        ReferenceSet.Scores beam = score(test, model, corpus.src(), corpus.tgt(), s.beam());
        out.println("Test " + greedy);
        out.println("Test " + beam);
        double tokens = rounds.stream().mapToDouble(RoundReport::tokens).sum();
        Report report = new Report(cfg.name(), Runtime.getRuntime().availableProcessors(), cfg.training().workers(),
                trainSeconds, state.epoch(), state.rounds(), corpus.usable(), corpus.truncated(), corpus.refused(),
                tokens / trainSeconds, corpus.usable() * (tokens / Math.max(1, corpus.batched().targetTokens())) / trainSeconds,
                selection.history(), selection.bestEpoch(), choice.name(), greedy, beam);
        try {
            fs.writeAtomically(layout.report(), JSON.writeValueAsBytes(report));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        out.println("Model saved to " + layout.model());
        return report;
    }

    ReferenceSet.Scores score(ReferenceSet set, Seq2SeqModel model, Vocabulary src, Vocabulary tgt, int beam) {
        BlasThreads.set(Math.max(1, Runtime.getRuntime().availableProcessors()));
        return set.score(model, src, tgt, s.sourceTokens(), s.targetTokens(), s.maxSourceLength(), beam, s.lengthPenalty(),
                s.maxLengthRatio());
    }

    PrintStream out() {
        return out;
    }

    Seq2SeqConfig seq2seq() {
        return s;
    }
}
