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

    public Outcome run(String runDir) {
        JavaSparkContext sc = SparkSessions.start(cfg.spark());
        try {
            return run(sc, runDir);
        } finally {
            sc.stop();
        }
    }

    public Outcome run(JavaSparkContext sc, String runDir) {
        long start = System.nanoTime();
        Fs fs = new Fs(sc.hadoopConfiguration());
        RunLayout layout = RunLayout.create(fs, runDir, cfg.name(), LocalDateTime.now());
        fs.writeText(layout.config(), loaded.rendered());
        out.println("Run directory: " + layout.root());
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
        long usable = status.getOrDefault(PairEncoder.Status.OK, 0L) + status.getOrDefault(PairEncoder.Status.TRUNCATED, 0L);
        out.printf(Locale.ROOT, "Pairs %s: %,d usable (%,d truncated, %,d refused); vocabularies %d source, %d target; "
                        + "%d workers x ~%d batches of <= %d target tokens%n", cfg.data().train(), usable,
                status.getOrDefault(PairEncoder.Status.TRUNCATED, 0L), status.getOrDefault(PairEncoder.Status.REFUSED, 0L),
                src.size(), tgt.size(), workers, batched.maxBatches(), s.tokensPerBatch());
        ReferenceSet validation = ReferenceSet.read(sc, cfg, cfg.data().validation(), ParallelCorpus.Role.VALIDATION);

        Seq2SeqSpec spec = new Seq2SeqSpec(src.size(), tgt.size(), cfg.model().embedding(), cfg.model().cell(),
                cfg.model().hidden(), s.encoderLayers(), s.decoderLayers(), s.bidirectional(), s.attention(),
                cfg.model().dropout(), s.labelSmoothing(), s.reverseSource());
        Seq2SeqModel model = spec.build(Precision.FLOAT);
        model.initParams(cfg.seed());
        out.printf(Locale.ROOT, "Model: %s encoder %dx%d%s, decoder %dx%d, %s attention, %,d parameters%n",
                cfg.model().cell().name().toLowerCase(Locale.ROOT), s.encoderLayers(), cfg.model().hidden(),
                s.bidirectional() ? " bidirectional" : "", s.decoderLayers(), cfg.model().hidden(),
                s.attention().name().toLowerCase(Locale.ROOT), model.layout().size());
        int optState = cfg.optimizer().type().stateMultiple() * model.layout().size();
        TrainState state = new TrainState(model.params().toFloatArray(), new float[optState], workers);
        ModelSelection selection = new ModelSelection(fs, layout, model, validation, src, tgt, spec, loaded.rendered(),
                Provenance.of(fs, List.of(cfg.data().train()), loaded.rendered(), cfg.seed(), 0));

        List<RoundReport> rounds = new ArrayList<>();
        TrainingMaster<BatchSet> master = new TrainingMaster<>(sc, new Seq2SeqRoundTask(
                new Seq2SeqTrainingSpec(spec, cfg.optimizer().toSpec((long) cfg.training().epochs() * batched.maxBatches()),
                        cfg.seed(), cfg.worker().blasThreads()),
                batched.maxBatches()), cfg.training().averagingPeriod());
        try (MetricsLog metrics = new MetricsLog(fs, layout.metrics()); ProgressPrinter progress = new ProgressPrinter(out)) {
            master.train(batched.sets(), state, cfg.training().epochs(), cfg.training().timeLimit(), start, r -> {
                metrics.write(r);
                progress.update(r, cfg.training().epochs());
                rounds.add(r);
            }, st -> {
                progress.close();
                return selection.afterEpoch(st, rounds.get(rounds.size() - 1).loss(), this);
            });
        } finally {
            batched.release();
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        if (rounds.isEmpty()) {
            throw new dev.braid.driver.UserError("No round finished within training.timeLimit=" + cfg.training().timeLimit()
                    + "; raise the limit.");
        }
        if (state.nextBatch() > 0) {
            // the time limit stopped an epoch part-way: its parameters are candidates too
            selection.afterEpoch(state, rounds.get(rounds.size() - 1).loss(), this);
        }
        ModelSelection.Choice choice = selection.finish(this);
        model.params().setAll(choice.params());
        new ModelStore(fs).save(layout.model(), selection.saved(choice.params()));
        ReferenceSet test = ReferenceSet.read(sc, cfg, cfg.data().test(), ParallelCorpus.Role.TEST);
        ReferenceSet.Scores greedy = score(test, model, src, tgt, 1);
        ReferenceSet.Scores beam = score(test, model, src, tgt, s.beam());
        out.println("Test " + greedy);
        out.println("Test " + beam);
        double tokens = rounds.stream().mapToDouble(RoundReport::tokens).sum();
        Report report = new Report(cfg.name(), Runtime.getRuntime().availableProcessors(), workers, trainSeconds,
                state.epoch(), state.rounds(), usable, status.getOrDefault(PairEncoder.Status.TRUNCATED, 0L),
                status.getOrDefault(PairEncoder.Status.REFUSED, 0L), tokens / trainSeconds,
                usable * (tokens / Math.max(1, batched.targetTokens())) / trainSeconds, selection.history(),
                selection.bestEpoch(), choice.name(), greedy, beam);
        try {
            fs.writeAtomically(layout.report(), JSON.writeValueAsBytes(report));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        out.println("Model saved to " + layout.model());
        return new Outcome(layout, report);
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
