package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.data.Documents;
import dev.braid.driver.data.StreamSharder;
import dev.braid.driver.data.VocabularyBuilder;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.run.Prepared;
import dev.braid.driver.run.Workload;
import dev.braid.driver.train.RoundReport;
import dev.braid.driver.train.StreamRoundTask;
import dev.braid.worker.data.StreamBatches;
import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.driver.config.StackBinder;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.stack.SoftmaxSpec;
import dev.braid.worker.train.TrainingSpec;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The character language model: the ordered corpus cut into W x B consecutive streams trained
 * statefully; held-out bits per character (static, dynamic, mixed) and samples as its report.
 */
public final class CharLmWorkload implements Workload<StreamBlock, CharLmReport> {
    static final String TOKENS = "tokens";
    private final BraidConfig cfg;
    private final PrintStream out;

    public CharLmWorkload(BraidConfig cfg, PrintStream out) {
        this.cfg = cfg;
        this.out = out;
    }

    @Override public Map<String, String> inputs() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("data.train", cfg.data().train());
        in.put("data.test", cfg.data().test());
        // the n-gram models count this text only after training
        in.put("eval.mixText", cfg.eval().mix().isPresent() ? cfg.eval().mixText() : "");
        return in;
    }

    @Override public void preflight(Fs fs) {
        for (String companion : cfg.eval().mixNetworks()) {
            if (!fs.exists(new Path(companion, "model.json"))) {
                throw new UserError("eval.mixNetworks lists " + companion + ", which holds no trained model (no model.json): "
                        + "the companion networks of context mixing are read after training. Give the model/ directory of a "
                        + "trained character model, or eval.mixNetworks=[].");
            }
        }
    }

    @Override public Prepared<StreamBlock> prepare(JavaSparkContext sc, Fs fs, List<String> train,
                                                   Optional<Map<String, Vocabulary>> vocabularies) {
        int workers = cfg.training().workers();
        LongAccumulator skipped = sc.sc().longAccumulator("bad lines skipped");
        // read once: the vocabulary and the streams both need the text (and the count of skipped lines is then exact)
        JavaPairRDD<Integer, String> docs = Documents.read(sc, fs, train, workers * 2, cfg.data().skipBadLines(), skipped)
                .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        Vocabulary vocab = vocabularies.map(v -> Vocabularies.role(v, TOKENS, "a character language model")).orElseGet(() -> VocabularyBuilder.characters(docs.values(),
                cfg.data().vocabulary().maxSize(), cfg.data().vocabulary().minCount()));
        StreamSharder.Sharded data = StreamSharder.shard(sc, docs.mapValues(vocab::encodeChars), workers,
                cfg.training().batchSize());
        ModelSpec spec = spec(vocab);
        TrainingSpec trainingSpec = cfg.trainingSpec(spec, cfg.optimizer().toSpec(plannedUpdates(data.streamLength())),
                cfg.streams(cfg.data().resetAtDocumentBoundary()));
        docs.unpersist(false);
        String summary = String.format(Locale.ROOT, "Corpus %s: %,d characters, vocabulary %d, %d workers x %d streams of %,d "
                        + "(%,d dropped)%s", String.join(", ", train), data.tokens(), vocab.size(), workers,
                cfg.training().batchSize(), data.streamLength(), data.dropped(), cfg.data().skipBadLines()
                        ? String.format(Locale.ROOT, "; %,d bad lines skipped", skipped.value()) : "");
        return new Prepared<>(data.blocks(), new StreamRoundTask(trainingSpec, data.streamLength()), spec,
                Map.of(TOKENS, vocab), data.tokens(), Prepared.fingerprint(data.blocks(), StreamBlock::fingerprint), summary,
                data::release, new dev.braid.driver.run.StreamDealing(data.blocks(), cfg.training().batchSize()));
    }

    @Override public String describe(Prepared<StreamBlock> data, int parameters) {
        if (cfg.model().stacked()) {
            return String.format(Locale.ROOT, "Model: stack %s, %,d parameters; %s, K=%d, seqLength %d",
                    data.spec().units(), parameters, cfg.training().stateful() ? "stateful" : "stateless",
                    cfg.training().averagingPeriod(), cfg.training().seqLength());
        }
        return String.format(Locale.ROOT, "Model: %s x %d layers of %d, embedding %d, %,d parameters; %s, K=%d, seqLength %d",
                cfg.model().cell().name().toLowerCase(Locale.ROOT), cfg.model().layers(), cfg.model().hidden(),
                cfg.model().embedding(),
                parameters, cfg.training().stateful() ? "stateful" : "stateless", cfg.training().averagingPeriod(),
                cfg.training().seqLength());
    }

    /** Updates in {@code training.epochs} epochs over streams of {@code streamLength}: the cosine schedule's length. */
    private long plannedUpdates(int streamLength) {
        long updates = 0;
        for (int e = 0; e < cfg.training().epochs(); e++) {
            updates += StreamBatches.segments(streamLength, cfg.training().seqLength(), cfg.data().randomOffset(), cfg.seed(), e);
        }
        return updates;
    }

    @Override public ModelSpec.Units layers() {
        return cfg.model().stacked() ? StackBinder.units(cfg.model(), "out")
                : LanguageModelSpec.layerNames(cfg.model().layers());
    }

    @Override public ModelSpec spec(Map<String, Vocabulary> vocabularies) {
        return spec(Vocabularies.role(vocabularies, TOKENS, "a character language model"));
    }

    /** The architecture of the config for a vocabulary. */
    ModelSpec spec(Vocabulary vocab) {
        if (cfg.model().stacked()) {
            return StackBinder.bind(cfg.model(), new StackBinder.Sizes(0, vocab.size()),
                    new SoftmaxSpec("out", vocab.size(), 0));
        }
        return new LanguageModelSpec(vocab.size(), cfg.model().embedding(), cfg.model().cell(), cfg.model().hidden(),
                cfg.model().layers(), cfg.model().dropout()).stack();
    }

    @Override public CharLmReport report(JavaSparkContext sc, Fs fs, Trained<StreamBlock> trained) {
        StackModel model = trained.model().buildLanguageModel("the trained model");
        List<RoundReport> counted = trained.rounds().stream().filter(RoundReport::counts).toList();
        CharLmReport report = CharLmReport.evaluate(cfg, fs, counted, trained.state().iteration(), trained.data().tokens(),
                model, trained.model().vocabulary(TOKENS), out);
        report.write(fs, trained.layout());
        return report;
    }

    @Override public HeldOut heldOut(JavaSparkContext sc, Fs fs, SavedModel saved) {
        String text = HeldOutText.read(fs, cfg.data().test(), cfg.eval().maxChars());
        return new HeldOut(HeldOutText.score(saved.buildLanguageModel("the model"), saved.vocabulary(TOKENS), cfg.data().test(), text,
                cfg.eval().streams(), cfg.training().seqLength(), dev.braid.worker.infer.Progress.NONE).bitsPerChar(),
                "bits/char");
    }

}
