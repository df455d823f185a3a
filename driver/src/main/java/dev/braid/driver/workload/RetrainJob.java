package dev.braid.driver.workload;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigLoader;
import dev.braid.driver.config.RetrainConfig;
import dev.braid.driver.data.Documents;
import dev.braid.driver.data.SeriesReader;
import dev.braid.driver.data.VocabularyBuilder;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.ModelStore;
import dev.braid.driver.io.RunLayout;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.registry.Registry;
import dev.braid.driver.registry.RegistryLock;
import dev.braid.driver.registry.VersionMeta;
import dev.braid.driver.run.Start;
import dev.braid.driver.run.TrainingRun;
import dev.braid.driver.run.Workload;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.ModelSpec;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One scheduled retrain of a registry, for any workload: under the registry lock, find the dated data
 * partitions ({@code dt=YYYY-MM-DD/}) newer than every partition a version was trained on, warm-start
 * from the current version, train through the {@link TrainingRun} on what the workload asks for (the new
 * partitions; a forecaster, every partition through the newest), score it and the current version on
 * the fixed held-out set ({@code data.test}; the workload's figure, lower is better), write the new
 * immutable version, and promote it if it is no worse than the current one by more than
 * {@code retrain.tolerance}.
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
            registry.decidedButNotPromoted().ifPresent(v -> {
                registry.promote(v.version());
                out.println("Promoted " + v.version() + ", which an interrupted retrain wrote and decided to promote ("
                        + v.reason() + ").");
            });
            Optional<String> current = registry.current();
            List<String> all = partitions(fs, dataUri);
            List<String> fresh = newer(all, registry.versions());
            if (fresh.isEmpty()) {
                String msg = "No data partitions newer than those already trained on; current version "
                        + current.orElse("(none)") + " stays.";
                out.println(msg);
                return new Result("", false, current.orElse(""), msg);
            }
            Workload<?, ?> workload = Workloads.of(cfg, out);
            return retrain(sc, fs, registry, lock, current, workload.retrainData(all, fresh), fresh, workload);
        }
    }

    private <D, R> Result retrain(JavaSparkContext sc, Fs fs, Registry registry, RegistryLock lock, Optional<String> current,
                                  List<String> partitions, List<String> fresh, Workload<D, R> workload) {
        String version = registry.claimNextVersion(lock, out::println);
        out.printf("Retraining %s on %s%s from %s%n", version, names(partitions),
                fresh.size() == partitions.size() ? "" : " (new: " + names(fresh) + ")", current.orElse("scratch"));
        Optional<SavedModel> parent = current.map(registry::load);
        Start start = parent.<Start>map(p -> warm(sc, fs, p, partitions, "registry version " + current.get()))
                .orElse(new Start.Fresh());
        lock.heartbeat();
        TrainingRun.Outcome<R> trained = TrainingRun.of(loaded, workload, out).train(sc, fs, new RunLayout(registry.run(version)),
                start, partitions, System.nanoTime());
        lock.heartbeat();
        SavedModel model = new ModelStore(fs).load(trained.layout().model().toString());
        Workload.HeldOut score = workload.heldOut(sc, fs, model);
        double parentScore = parent.map(p -> workload.heldOut(sc, fs, p).value()).orElse(Double.NaN);
        boolean promote = parent.isEmpty() || score.value() <= parentScore * (1 + policy.tolerance());
        String reason = parent.isEmpty() ? "first version"
                : String.format(Locale.ROOT, "%.4f %s against %s's %.4f (tolerance %.1f%%)", score.value(), score.unit(),
                current.get(), parentScore, 100 * policy.tolerance());
        int vocabularySize = model.vocabularies().values().stream().mapToInt(Vocabulary::size).sum();
        registry.write(model, new VersionMeta(version, current.orElse(""), partitions, cfg.data().test(), score.value(),
                parentScore, score.unit(), promote, reason, policy.unseenSymbols().name().toLowerCase(Locale.ROOT),
                vocabularySize, dev.braid.driver.io.Provenance.sha256(loaded.rendered()), Instant.now().toString()));
        lock.confirm();
        if (promote) {
            registry.promote(version);
        }
        String msg = (promote ? "Promoted " : "Kept " + current.orElse("") + "; did not promote ") + version + ": " + reason;
        out.println(msg);
        return new Result(version, promote, promote ? version : current.orElse(""), msg);
    }

    private static List<String> names(List<String> partitions) {
        return partitions.stream().map(p -> new Path(p).getName()).toList();
    }

    /** Every dated partition under {@code dataUri}, oldest first. */
    static List<String> partitions(Fs fs, String dataUri) {
        Path root = fs.qualify(dataUri);
        if (!fs.exists(root)) {
            throw new UserError("Data " + dataUri + " does not exist; retrain reads dated partitions such as "
                    + dataUri + "/dt=2026-11-21/.");
        }
        return fs.list(root).stream().filter(p -> p.getName().matches(SeriesReader.DATED)).map(Path::toString).toList();
    }

    /** The partitions of {@code all} newer than the newest partition any version was trained on. */
    static List<String> newer(List<String> all, List<VersionMeta> versions) {
        String newest = "";
        for (VersionMeta v : versions) {
            for (String p : v.dataPartitions()) {
                String name = new Path(p).getName();
                newest = name.compareTo(newest) > 0 ? name : newest;
            }
        }
        String last = newest;
        return all.stream().filter(p -> new Path(p).getName().compareTo(last) > 0).toList();
    }

    /**
     * The warm start from the current version: its parameters and vocabularies, or, for a character
     * model under {@code retrain.unseenSymbols=grow}, a vocabulary grown by the new data's unseen symbols
     * with the parent's parameters carried over row by row.
     */
    private Start warm(JavaSparkContext sc, Fs fs, SavedModel parent, List<String> partitions, String from) {
        if (policy.unseenSymbols() == RetrainConfig.UnseenSymbols.UNK) {
            return Start.Warm.of(parent, from);
        }
        Vocabulary old = parent.vocabulary(CharLmWorkload.TOKENS);
        Vocabulary fresh = VocabularyBuilder.characters(Documents.read(sc, fs, partitions, cfg.training().workers() * 2,
                cfg.data().skipBadLines(), null)
                .values(), cfg.data().vocabulary().maxSize(), cfg.data().vocabulary().minCount());
        List<String> symbols = new ArrayList<>(old.symbols().subList(Vocabulary.SPECIALS.size(), old.size()));
        for (String sym : fresh.symbols().subList(Vocabulary.SPECIALS.size(), fresh.size())) {
            if (!old.symbols().contains(sym) && symbols.size() + Vocabulary.SPECIALS.size() < cfg.data().vocabulary().maxSize()) {
                symbols.add(sym);
            }
        }
        Vocabulary grown = Vocabulary.of(symbols);
        ModelSpec was = parent.languageModel("the current version");
        if (grown.size() == old.size()) {
            return Start.Warm.of(parent, from);
        }
        // the config's architecture (a warm start must have it) over the grown vocabulary
        ModelSpec spec = new CharLmWorkload(cfg, out).spec(Map.of(CharLmWorkload.TOKENS, grown));
        StackModel model = spec.build(Precision.FLOAT);
        model.initParams(cfg.seed());
        model.layout().transfer(was.build(Precision.FLOAT).layout(), parent.params(), model.params());
        return new Start.Warm(spec, Map.of(CharLmWorkload.TOKENS, grown), model.params().toFloatArray(), new float[0],
                parent.files(), from);
    }
}
