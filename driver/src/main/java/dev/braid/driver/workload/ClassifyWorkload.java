package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ClassifyConfig;
import dev.braid.driver.config.ConfigError;
import dev.braid.driver.config.StackBinder;
import dev.braid.driver.data.VocabularyBuilder;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.Json;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.run.Prepared;
import dev.braid.driver.run.PretrainedEmbeddings;
import dev.braid.driver.run.Selection;
import dev.braid.driver.run.Workload;
import dev.braid.worker.classify.DocumentEncoder;
import dev.braid.worker.classify.LabelledBatches;
import dev.braid.worker.classify.LabelledBatches.Example;
import dev.braid.worker.data.BatchSet;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.infer.BinaryMetrics;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.stack.EmbeddingSpec;
import dev.braid.worker.stack.SigmoidSpec;
import dev.braid.worker.stack.StepWeights;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Classifying documents (workload {@code classify}): a mail corpus of two class folders split by a seeded
 * hash of each file name ({@link MailSplit}), word or character tokens counted with Spark into a
 * vocabulary, the training mails encoded and dealt to the workers on the executors (the i-th in name order
 * to worker i mod W), each worker's cut into batches of similar lengths and trained as shuffled examples;
 * the model is the config's stack (e.g. embedding, bidirectional GRU, pool) with a sigmoid head. The epoch
 * kept is the one of the lowest validation log loss; the report scores the test mails (accuracy,
 * precision, recall, F1, ROC AUC) beside MLlib's naive Bayes and logistic regression on TF-IDF of the same
 * split ({@code report.json}), and writes the split ({@code split.tsv}).
 */
public final class ClassifyWorkload implements Workload<BatchSet, ClassifyWorkload.Report> {
    static final String TOKENS = "tokens";
    private final BraidConfig cfg;
    private final ClassifyConfig c;
    private final PrintStream out;
    private final Documents documents;
    private MailSplit split;
    private BestEpoch selection;
    /** Vectors a fresh model's embedding starts from (classify.pretrain = word2vec), or null. */
    private Word2VecStart.Vectors word2vec;

    /** What a classification run reports: the split's sizes and each classifier's figures on the test mails, Braid's first. */
    public record Report(String name, List<String> labels, long trainDocs, long validationDocs, long testDocs,
                         Map<String, Map<String, Object>> scores, String kept, List<BestEpoch.Epoch> epochs,
                         double trainSeconds, long rounds) {
    }

    /**
     * Where a classifier's documents come from: by default the mail folders of {@code data.train} and
     * {@code data.test}; the Spark ML estimator gives a DataFrame's rows instead.
     */
    public interface Documents {
        /** The paths read, checked before Spark starts. */
        Map<String, String> inputs();

        /** Checks that need no Spark (e.g. the class folders). */
        void preflight(Fs fs);

        /** The documents, split. */
        MailSplit read(JavaSparkContext sc, Fs fs, String train);
    }

    public ClassifyWorkload(BraidConfig cfg, PrintStream out) {
        this(cfg, out, MailSplit.folders(cfg));
    }

    public ClassifyWorkload(BraidConfig cfg, PrintStream out, Documents documents) {
        this.cfg = cfg;
        this.c = cfg.classify();
        this.out = out;
        this.documents = documents;
    }

    @Override public Map<String, String> inputs() {
        return documents.inputs();
    }

    /** The documents' source and the model are checked before Spark starts. */
    @Override public void preflight(Fs fs) {
        documents.preflight(fs);
        fits(StackBinder.bind(cfg.model(), new StackBinder.Sizes(0, Vocabulary.SPECIALS.size() + 1), head()));
    }

    private static SigmoidSpec head() {
        return new SigmoidSpec("out", 1, StepWeights.NONE);
    }

    private ModelSpec fits(ModelSpec spec) {
        if (!(spec.head() instanceof SigmoidSpec s) || s.labels() != 1) {
            throw new ConfigError("model.head must be a sigmoid head of labels = 1 (the probability of the second class "
                    + "folder); set model.head = { type = sigmoid, labels = 1 }.");
        }
        return spec;
    }

    @Override public Prepared<BatchSet> prepare(JavaSparkContext sc, Fs fs, List<String> train,
                                                Optional<Map<String, Vocabulary>> vocabularies) {
        if (train.size() != 1) {
            throw new UserError("A classifier trains on one mail corpus (data.train); it was given " + train.size()
                    + " locations.");
        }
        split = documents.read(sc, fs, train.get(0));
        DocumentEncoder encoder = c.encoder();
        Vocabulary vocab = vocabularies.map(v -> v.get(TOKENS)).orElseGet(() -> VocabularyBuilder.fromTokens(
                split.train().map(d -> encoder.tokens(d.text())), cfg.data().vocabulary().maxSize(),
                cfg.data().vocabulary().minCount()));
        if (c.pretrain() == ClassifyConfig.Pretrain.WORD2VEC && vocabularies.isEmpty()) {
            word2vec = Word2VecStart.fit(SparkSession.builder().sparkContext(sc.sc()).getOrCreate(),
                    split.train().map(d -> encoder.allTokens(d.text())), embedding(spec(Map.of(TOKENS, vocab))).dim(),
                    cfg.data().vocabulary().minCount(), c.word2vecIterations(), c.word2vecWindow(), cfg.seed());
        }
        Map<Integer, Long> counts = split.train().map(d -> d.label()).countByValue();
        long docs = counts.values().stream().mapToLong(Long::longValue).sum();
        float[] weights = classWeights(counts, docs);
        int workers = cfg.training().workers();
        int rows = cfg.training().batchSize();
        JavaRDD<BatchSet> blocks = dealt(split.encoded(split.train(), encoder, vocab), workers, rows, weights);
        int maxBatches = blocks.map(b -> b.batches().size()).reduce(Math::max);
        ModelSpec spec = spec(Map.of(TOKENS, vocab));
        String summary = String.format(Locale.ROOT, "Mails %s: %s; %,d trained on (%s), %,d validation, %s test; %s tokens "
                + "(at most %d, %s), vocabulary %,d; %,d batches of <= %d on %d workers", train.get(0), split.labels(), docs,
                perClass(counts), split.validation().count(), split.heldOut() ? "held out " + c.testFraction() + " as"
                        : cfg.data().test() + " as", lower(c.tokens()), c.maxLength(), lower(c.truncation()), vocab.size(),
                blocks.map(b -> b.batches().size()).reduce(Integer::sum), rows, workers);
        Runnable release = () -> {
            blocks.unpersist(false);
            split.release();
        };
        return new DealtBatches(blocks, maxBatches, docs).prepared(cfg, spec, Map.of(TOKENS, vocab), summary, release);
    }

    /**
     * {@code examples} dealt to {@code workers} on the executors (the i-th to worker i mod W), each worker's cut
     * there into batches of up to {@code rows} of similar lengths; one cached block per worker.
     */
    private static JavaRDD<BatchSet> dealt(JavaRDD<Example> examples, int workers, int rows, float[] weights) {
        return examples.zipWithIndex()
                .mapToPair(t -> new Tuple2<>((int) (t._2() % workers), t._1()))
                .partitionBy(new HashPartitioner(workers))
                .mapPartitionsWithIndex((w, it) -> {
                    List<Example> mine = new java.util.ArrayList<>();
                    it.forEachRemaining(t -> mine.add(t._2()));
                    return List.of(new BatchSet(w, LabelledBatches.of(mine, rows, weights))).iterator();
                }, true)
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    private String perClass(Map<Integer, Long> counts) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < split.labels().size(); i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d %s", counts.getOrDefault(i, 0L),
                    split.labels().get(i)));
        }
        return s.toString();
    }

    /** 1 each, or balanced: a class of n of N mails weighs N / (2 n) a mail, so each class weighs half the loss. */
    private float[] classWeights(Map<Integer, Long> counts, long docs) {
        float[] w = {1, 1};
        for (int i = 0; i < 2; i++) {
            if (counts.getOrDefault(i, 0L) == 0) {
                throw new UserError("The training split of " + cfg.data().train() + " holds no mail of class "
                        + split.labels().get(i) + "; put more mails in its folder or lower classify.testFraction.");
            }
            if (c.classWeights() == ClassifyConfig.ClassWeights.BALANCED) {
                w[i] = (float) (docs / (2.0 * counts.get(i)));
            }
        }
        return w;
    }

    private static String lower(Enum<?> e) {
        return dev.braid.driver.config.ConfigBinder.lowerName(e);
    }

    @Override public List<String> modelFileNames() {
        return List.of(SavedClassifier.FILE);
    }

    @Override public Map<String, byte[]> modelFiles() {
        return Map.of(SavedClassifier.FILE, new SavedClassifier(split.labels(), c.encoder()).bytes());
    }

    @Override public ModelSpec.Units layers() {
        return StackBinder.units(cfg.model(), "out");
    }

    @Override public ModelSpec spec(Map<String, Vocabulary> vocabularies) {
        Vocabulary v = vocabularies.get(TOKENS);
        if (v == null) {
            throw new UserError("The model training starts from has no token vocabulary (it has " + vocabularies.keySet()
                    + "); warm-start a classifier from a classification run's model/.");
        }
        return fits(StackBinder.bind(cfg.model(), new StackBinder.Sizes(0, v.size()), head()));
    }

    /** The first embedding of {@code spec}, the one word2vec starts. */
    private static EmbeddingSpec embedding(ModelSpec spec) {
        return spec.stack().stream().filter(EmbeddingSpec.class::isInstance).map(EmbeddingSpec.class::cast).findFirst()
                .orElseThrow(() -> new ConfigError("classify.pretrain = word2vec starts an embedding layer, and model.stack "
                        + "has none; add { type = embedding, ... } first, or set classify.pretrain = none."));
    }

    @Override public List<String> initialize(Prepared<BatchSet> data, StackModel model) {
        if (word2vec == null) {
            return List.of();
        }
        EmbeddingSpec e = embedding(data.spec());
        Vocabulary v = data.vocabularies().get(TOKENS);
        int found = PretrainedEmbeddings.fill(model, e, v, word2vec.byWord());
        return List.of(String.format(Locale.ROOT, "Embedding %s: %,d of %,d symbols from word2vec on the training mails "
                + "(Spark MLlib, %d iterations, window %d, %,d words; %.1f s)", e.name(), found, v.size(),
                word2vec.iterations(), word2vec.window(), word2vec.byWord().size(), word2vec.seconds()));
    }

    @Override public String describe(Prepared<BatchSet> data, int parameters) {
        return String.format(Locale.ROOT, "Model: stack %s, %,d parameters", data.spec().units(), parameters);
    }

    @Override public Selection selection(JavaSparkContext sc, Fs fs, RunLayout layout, Prepared<BatchSet> data,
                                         Function<float[], SavedModel> saved) {
        if (c.validationFraction() == 0) {
            return Selection.LAST;
        }
        JavaRDD<Example> validation = split.encoded(split.validation(), c.encoder(), data.vocabularies().get(TOKENS))
                .persist(StorageLevel.MEMORY_AND_DISK());
        selection = new BestEpoch(fs, layout, params -> {
            BinaryMetrics m = ClassifyJob.metrics(ClassifyJob.score(sc, data.spec(), params, validation));
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("log loss", m.logLoss());
            figures.put("accuracy %", 100 * m.at(0.5).accuracy());
            figures.put("ROC AUC", m.auc());
            return new BestEpoch.Score(m.logLoss(), String.format(Locale.ROOT, "validation log loss %.4f, accuracy %.2f%%, "
                    + "AUC %.4f", m.logLoss(), 100 * m.at(0.5).accuracy(), m.auc()), figures);
        }, saved, out);
        return selection;
    }

    @Override public Report report(JavaSparkContext sc, Fs fs, Trained<BatchSet> trained) {
        SavedModel model = trained.model();
        List<ClassifyJob.Scored> scored = ClassifyJob.score(sc, model.spec(), model.params(),
                split.encoded(split.test(), c.encoder(), model.vocabulary(TOKENS)));
        Map<String, BinaryMetrics> all = new LinkedHashMap<>();
        if (!scored.isEmpty()) {
            all.put("Braid " + cfg.name(), ClassifyJob.metrics(scored));
        }
        if (c.baselines() && !scored.isEmpty()) {
            all.putAll(TextBaselines.score(SparkSession.builder().sparkContext(sc.sc()).getOrCreate(),
                    split.train().union(split.validation()), split.test()));
        }
        Map<String, Map<String, Object>> scores = ClassifyReport.print(out, split.labels(), all, scored.size());
        ClassifyReport.writeSplit(fs, trained.layout(), split, scored);
        Report report = new Report(cfg.name(), split.labels(), split.train().count(), split.validation().count(),
                scored.size(), scores, trained.choice().name(), selection == null ? List.of() : selection.history(),
                trained.trainSeconds(), trained.state().rounds());
        fs.writeAtomically(trained.layout().report(), Json.indented(report));
        return report;
    }

    /** The model's error rate (1 - accuracy) on the test mails, in percent. */
    @Override public HeldOut heldOut(JavaSparkContext sc, Fs fs, SavedModel model) {
        SavedClassifier saved = SavedClassifier.of(model, "being scored");
        MailSplit s = MailSplit.read(sc, fs, cfg, cfg.data().train());
        try {
            BinaryMetrics m = ClassifyJob.metrics(ClassifyJob.score(sc, model.spec(), model.params(),
                    s.encoded(s.test(), saved.encoder(), model.vocabulary(TOKENS))));
            return new HeldOut(100 * (1 - m.at(0.5).accuracy()), "% error");
        } finally {
            s.release();
        }
    }
}
