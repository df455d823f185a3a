package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.config.RetrainConfig;
import dev.braid.driver.data.Documents;
import dev.braid.driver.data.VocabularyBuilder;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.Provenance;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.registry.Registry;
import dev.braid.driver.registry.RegistryLock;
import dev.braid.driver.registry.VersionMeta;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.LanguageModel;
import dev.braid.worker.model.LanguageModelSpec;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One scheduled retrain of a char-LM registry: under the registry lock, find the dated data partitions
 * ({@code dt=YYYY-MM-DD/}) newer than every partition a version was trained on, warm-start from the
 * current version, train, score it and the current version on the fixed held-out set
 * ({@code data.test}), write the new immutable version, and promote it if it is no worse than the
 * current one by more than {@code retrain.tolerance}.
 */
public final class RetrainJob {
    private final ConfigLoader.Loaded loaded;
    private final BraidConfig cfg;
    private final RetrainConfig policy;
    private final PrintStream out;

    public RetrainJob(ConfigLoader.Loaded loaded, PrintStream out) {
        this.loaded = loaded;
        this.cfg = loaded.config();
        this.policy = cfg.retrain();
        this.out = out;
    }

    /** What a retrain did: the version it wrote ("" if none) and the version current afterwards. */
    public record Result(String version, boolean promoted, String current, String message) {
    }

    public Result run(JavaSparkContext sc, String registryUri, String dataUri) {
        Fs fs = new Fs(sc.hadoopConfiguration());
        Registry registry = new Registry(fs, fs.qualify(registryUri));
        try (RegistryLock lock = RegistryLock.acquire(fs, registry.root(), policy.lockTimeout())) {
            Optional<String> current = registry.current();
            List<String> partitions = newPartitions(fs, dataUri, registry.versions());
            if (partitions.isEmpty()) {
                String msg = "No data partitions newer than those already trained on; current version "
                        + current.orElse("(none)") + " stays.";
                out.println(msg);
                return new Result("", false, current.orElse(""), msg);
            }
            String version = registry.nextVersion();
            out.printf("Retraining %s on %s from %s%n", version, partitions.stream().map(p -> new Path(p).getName()).toList(),
                    current.orElse("scratch"));
            Optional<SavedModel> parent = current.map(registry::load);
            JavaPairRDD<Integer, String> docs = Documents.read(sc, fs, partitions, cfg.training().workers() * 2);
            Vocabulary fresh = VocabularyBuilder.characters(docs.values(), cfg.data().vocabulary().maxSize(),
                    cfg.data().vocabulary().minCount());
            CharLmJob job = new CharLmJob(loaded, out);
            Vocabulary vocab = parent.map(p -> vocabulary(p.vocabulary("tokens"), fresh)).orElse(fresh);
            CharLmJob.Start start = parent.<CharLmJob.Start>map(p -> warm(p, job.spec(vocab), "registry version " + current.get()))
                    .orElse(new CharLmJob.Start.Fresh());
            lock.heartbeat();
            CharLmJob.Outcome trained = job.train(sc, fs, new RunLayout(registry.run(version)), partitions, vocab, start,
                    System.nanoTime());
            lock.heartbeat();
            double newBits = trained.report().heldOut().bitsPerChar();
            double parentBits = parent.map(p -> heldOut(fs, p)).orElse(Double.NaN);
            boolean promote = parent.isEmpty() || newBits <= parentBits * (1 + policy.tolerance());
            String reason = parent.isEmpty() ? "first version"
                    : String.format(Locale.ROOT, "%.4f bits/char against %s's %.4f (tolerance %.1f%%)", newBits,
                    current.get(), parentBits, 100 * policy.tolerance());
            SavedModel model = new SavedModel(trained.spec(), Map.of("tokens", vocab), trained.state().params(),
                    trained.state().optimizer(), loaded.rendered(), Provenance.of(fs, partitions, loaded.rendered(),
                    cfg.seed(), 0).warmStartedFrom(current.map(v -> "registry version " + v).orElse("")));
            registry.write(model, new VersionMeta(version, current.orElse(""), partitions, cfg.data().test(), newBits,
                    parentBits, promote, reason, policy.unseenSymbols().name().toLowerCase(Locale.ROOT), vocab.size(),
                    Provenance.sha256(loaded.rendered()), Instant.now().toString()));
            if (Boolean.getBoolean("braid.test.haltBeforePromote")) {
                Runtime.getRuntime().halt(137);
            }
            if (promote) {
                registry.promote(version);
            }
            String msg = (promote ? "Promoted " : "Kept " + current.orElse("") + "; did not promote ") + version + ": " + reason;
            out.println(msg);
            return new Result(version, promote, promote ? version : current.orElse(""), msg);
        }
    }

    /** Dated partitions under {@code dataUri} newer than the newest partition any version was trained on. */
    static List<String> newPartitions(Fs fs, String dataUri, List<VersionMeta> versions) {
        String newest = "";
        for (VersionMeta v : versions) {
            for (String p : v.dataPartitions()) {
                String name = new Path(p).getName();
                newest = name.compareTo(newest) > 0 ? name : newest;
            }
        }
        Path root = fs.qualify(dataUri);
        if (!fs.exists(root)) {
            throw new UserError("Data " + dataUri + " does not exist; retrain reads dated partitions such as "
                    + dataUri + "/dt=2026-11-21/.");
        }
        List<String> out = new ArrayList<>();
        for (Path p : fs.list(root)) {
            if (p.getName().matches("dt=\\d{4}-\\d{2}-\\d{2}") && p.getName().compareTo(newest) > 0) {
                out.add(p.toString());
            }
        }
        return out;
    }

    /** The vocabulary to train with: the parent's, grown by the new data's unseen symbols if the policy says so. */
    private Vocabulary vocabulary(Vocabulary parent, Vocabulary fresh) {
        if (policy.unseenSymbols() == RetrainConfig.UnseenSymbols.UNK) {
            return parent;
        }
        List<String> symbols = new ArrayList<>(parent.symbols().subList(Vocabulary.SPECIALS.size(), parent.size()));
        for (String s : fresh.symbols().subList(Vocabulary.SPECIALS.size(), fresh.size())) {
            if (!parent.symbols().contains(s) && symbols.size() + Vocabulary.SPECIALS.size() < cfg.data().vocabulary().maxSize()) {
                symbols.add(s);
            }
        }
        return Vocabulary.of(symbols);
    }

    /** Warm start: the parent's parameters, carried over row by row into a grown vocabulary if needed. */
    private CharLmJob.Start warm(SavedModel parent, LanguageModelSpec spec, String from) {
        LanguageModelSpec old = parent.languageModel("the current version");
        if (old.equals(spec)) {
            return new CharLmJob.Start.Warm(parent.params(), parent.optimizerState(), from);
        }
        LanguageModel grown = spec.build(Precision.FLOAT);
        grown.initParams(cfg.seed());
        grown.layout().transfer(old.build(Precision.FLOAT).layout(), parent.params(), grown.params());
        return new CharLmJob.Start.Warm(grown.params().toFloatArray(), new float[0], from);
    }

    private double heldOut(Fs fs, SavedModel parent) {
        LanguageModel m = parent.languageModel("the current version").build(Precision.FLOAT);
        m.params().setAll(parent.params());
        String text = HeldOutText.read(fs, cfg.data().test(), cfg.eval().maxChars());
        return HeldOutText.score(m, parent.vocabulary("tokens"), cfg.data().test(), text, cfg.eval().streams(),
                cfg.training().seqLength()).bitsPerChar();
    }
}
