package dev.braid.driver.workload;

import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.Seq2SeqConfig;
import dev.braid.driver.data.PairData;
import dev.braid.driver.data.ParallelCorpus;
import dev.braid.driver.data.Seq2SeqBatcher;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.Json;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.run.Prepared;
import dev.braid.driver.run.Selection;
import dev.braid.driver.run.Workload;
import dev.braid.driver.train.DiskExampleRoundTask;
import dev.braid.driver.train.ExampleRoundTask;
import dev.braid.driver.train.RoundTask;
import dev.braid.worker.data.BatchSet;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.driver.config.StackBinder;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.stack.SoftmaxSpec;
import dev.braid.worker.model.Seq2SeqSpec;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The encoder-decoder: pairs read and encoded with both vocabularies, batched by token budget across
 * workers; validation after every epoch selects the model ({@link ModelSelection}); the test set is
 * scored once at the end, greedy and with beam search.
 */
public final class Seq2SeqWorkload implements Workload<BatchSet, Seq2SeqReport> {
    static final String SOURCE = "source";
    static final String TARGET = "target";
    private final BraidConfig cfg;
    private final Seq2SeqConfig s;
    private final PrintStream out;
    /** The run's training pairs (their counts go into the report). */
    private PairData pairs;
    /** The run's selection, whose history the report shows. */
    private ModelSelection selection;

    public Seq2SeqWorkload(BraidConfig cfg, PrintStream out) {
        this.cfg = cfg;
        this.s = cfg.seq2seq();
        this.out = out;
    }

    @Override public Map<String, String> inputs() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("data.train", cfg.data().train());
        in.put("data.validation", cfg.data().validation());
        in.put("data.test", cfg.data().test());
        if (s.hasDictionary()) {
            in.put("seq2seq.baselineDictionary", s.baselineDictionary());
        }
        return in;
    }

    @Override public Prepared<BatchSet> prepare(JavaSparkContext sc, Fs fs, List<String> train,
                                                Optional<Map<String, Vocabulary>> vocabularies) {
        pairs = PairData.prepare(sc, cfg, train, vocabularies.map(v -> Vocabularies.role(v, SOURCE, "an encoder-decoder")),
                vocabularies.map(v -> Vocabularies.role(v, TARGET, "an encoder-decoder")));
        Seq2SeqBatcher.Batched batched = pairs.batched();
        ModelSpec spec = spec(pairs.source(), pairs.target());
        dev.braid.worker.train.TrainingSpec training = cfg.trainingSpec(spec, cfg.optimizer().toSpec(
                (long) cfg.training().epochs() * batched.maxBatches()), null);
        RoundTask<BatchSet> task = batched.onDisk()
                ? new DiskExampleRoundTask(training, batched.maxBatches(), batched.batchesPerWorker())
                : new ExampleRoundTask(training, batched.maxBatches());
        String summary = String.format(Locale.ROOT, "Pairs %s: %,d usable (%,d truncated, %,d refused%s); vocabularies %d "
                        + "source, %d target; %d workers x ~%d batches of <= %d target tokens%s", String.join(", ", train),
                pairs.usable(), pairs.truncated(), pairs.refused(), cfg.data().skipBadLines() ? String.format(Locale.ROOT,
                        ", %,d bad lines skipped", pairs.skipped()) : "", pairs.source().size(), pairs.target().size(),
                cfg.training().workers(), batched.maxBatches(), s.tokensPerBatch(),
                batched.onDisk() ? String.format(Locale.ROOT, ", kept on executor disk: %,d MB",
                        batched.keptBytes()[1] >> 20) : "");
        return new Prepared<>(batched.sets(), task, spec, Map.of(SOURCE, pairs.source(), TARGET, pairs.target()),
                batched.targetTokens(), batched.fingerprint(), summary, batched::release,
                new dev.braid.driver.run.BatchDealing(batched));
    }

    @Override public ModelSpec.Units layers() {
        if (cfg.model().stacked()) {
            return StackBinder.units(cfg.model(), "out");
        }
        return Seq2SeqSpec.layerNames(cfg.seq2seq().encoderLayers(), cfg.seq2seq().decoderLayers());
    }

    @Override public ModelSpec spec(Map<String, Vocabulary> vocabularies) {
        return spec(Vocabularies.role(vocabularies, SOURCE, "an encoder-decoder"),
                Vocabularies.role(vocabularies, TARGET, "an encoder-decoder"));
    }

    private ModelSpec spec(Vocabulary src, Vocabulary tgt) {
        SoftmaxSpec head = new SoftmaxSpec("out", tgt.size(), s.labelSmoothing(), null, s.softmaxShortlist(),
                s.tieEmbeddings() ? "tgt" : "");
        if (cfg.model().stacked()) {
            return StackBinder.bind(cfg.model(), new StackBinder.Sizes(src.size(), tgt.size()), head);
        }
        // the same head as Seq2SeqSpec's, with the shortlist (a training choice) and the tie to its "tgt" embedding
        return new Seq2SeqSpec(src.size(), tgt.size(), cfg.model().embedding(), cfg.model().cell(),
                cfg.model().hidden(), s.encoderLayers(), s.decoderLayers(), s.bidirectional(), s.attention(),
                cfg.model().dropout(), s.labelSmoothing(), s.reverseSource()).stack().withHead(head);
    }

    @Override public String describe(Prepared<BatchSet> data, int parameters) {
        if (cfg.model().stacked()) {
            return String.format(Locale.ROOT, "Model: encoder %s, decoder %s, %,d parameters",
                    data.spec().units().subList(0, data.spec().encoderUnits()),
                    data.spec().units().subList(data.spec().encoderUnits(), data.spec().units().size()), parameters);
        }
        return String.format(Locale.ROOT, "Model: %s encoder %dx%d%s, decoder %dx%d, %s attention, %,d parameters",
                cfg.model().cell().name().toLowerCase(Locale.ROOT), s.encoderLayers(), cfg.model().hidden(),
                s.bidirectional() ? " bidirectional" : "", s.decoderLayers(), cfg.model().hidden(),
                s.attention().name().toLowerCase(Locale.ROOT), parameters);
    }

    @Override public Selection selection(JavaSparkContext sc, Fs fs, RunLayout layout, Prepared<BatchSet> data,
                                         Function<float[], SavedModel> saved) {
        ReferenceSet validation = ReferenceSet.read(sc, cfg, cfg.data().validation(), ParallelCorpus.Role.VALIDATION);
        StackModel model = data.spec().build(Precision.FLOAT);
        Vocabulary src = data.vocabularies().get(SOURCE);
        Vocabulary tgt = data.vocabularies().get(TARGET);
        selection = new ModelSelection(fs, layout, model.layout().size(), params -> {
            model.params().setAll(params);
            return score(validation, model, src, tgt, 1);
        }, saved, s.patience(), s.averageLast(), out);
        return selection;
    }

    @Override public Seq2SeqReport report(JavaSparkContext sc, Fs fs, Trained<BatchSet> trained) {
        Vocabulary src = trained.model().vocabulary(SOURCE);
        Vocabulary tgt = trained.model().vocabulary(TARGET);
        StackModel model = trained.model().buildSeq2Seq("the trained model");
        ReferenceSet test = ReferenceSet.read(sc, cfg, cfg.data().test(), ParallelCorpus.Role.TEST);
        List<TranslationBaselines.Baseline> baselines = s.selectBy() == Seq2SeqConfig.Metric.WER ? List.of()
                : TranslationBaselines.score(fs, test, s.baselineDictionary(), out);
        Seq2SeqReport report = Seq2SeqReport.of(cfg, trained, pairs.usable(), pairs.truncated(), pairs.refused(),
                pairs.batched().targetTokens(), selection.history(), selection.bestEpoch(), score(test, model, src, tgt, 1),
                score(test, model, src, tgt, s.beam()), baselines, test.sources(), out);
        fs.writeAtomically(trained.layout().report(), Json.indented(report));
        return report;
    }

    @Override public HeldOut heldOut(JavaSparkContext sc, Fs fs, SavedModel saved) {
        ReferenceSet test = ReferenceSet.read(sc, cfg, cfg.data().test(), ParallelCorpus.Role.TEST);
        ReferenceSet.Scores scores = score(test, saved.buildSeq2Seq("the model"), saved.vocabulary(SOURCE),
                saved.vocabulary(TARGET), s.beam());
        return new HeldOut(scores.lowerIsBetter(), scores.unit());
    }


    ReferenceSet.Scores score(ReferenceSet set, StackModel model, Vocabulary src, Vocabulary tgt, int beam) {
        BlasThreads.allCores();
        return set.score(model, cfg.sourceEncoder(src), cfg.targetEncoder(tgt), cfg.decode(beam, 1), s.selectBy());
    }
}
