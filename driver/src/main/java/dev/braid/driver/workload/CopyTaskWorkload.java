package dev.braid.driver.workload;

import dev.braid.driver.io.Json;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.CopyConfig;
import dev.braid.driver.data.StreamSharder;
import dev.braid.driver.io.Fs;
import dev.braid.driver.io.SavedModel;
import dev.braid.driver.run.Prepared;
import dev.braid.driver.run.Workload;
import dev.braid.driver.train.StreamRoundTask;
import dev.braid.worker.data.CopyTask;
import dev.braid.worker.data.StreamBatches;
import dev.braid.worker.data.StreamBlock;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.Batch;
import dev.braid.driver.config.StackBinder;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.stack.SoftmaxSpec;
import dev.braid.worker.train.TrainingSpec;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * The copy task as a workload (a teaching task, and the smallest complete example of one): a key must
 * be reproduced after a run of up to {@code copy.maxGap} fillers, often one or two truncated-BPTT
 * segments later, so only training that carries the RNN state across segments learns it. Its data is
 * generated from the seed; its report is the accuracy at the dependent positions farther than one
 * segment from their key (chance: 25%).
 */
public final class CopyTaskWorkload implements Workload<StreamBlock, CopyTaskWorkload.Report> {
    private final BraidConfig cfg;
    private final CopyConfig copy;
    private final PrintStream out;

    public CopyTaskWorkload(BraidConfig cfg, PrintStream out) {
        this.cfg = cfg;
        this.copy = cfg.copy();
        this.out = out;
    }

    /** Accuracy at dependent positions more than one segment ({@code seqLength}) from their key. */
    public record Report(String name, boolean stateful, double trainSeconds, long rounds, int positions,
                         double longRangeAccuracy) {
    }

    /** The task's ids are the vocabulary's: four specials, then keys, filler and query. */
    static Vocabulary vocabulary() {
        return Vocabulary.of(List.of("a", "b", "c", "d", "_", "?"));
    }

    @Override public Map<String, String> inputs() {
        return Map.of();
    }

    @Override public Prepared<StreamBlock> prepare(JavaSparkContext sc, Fs fs, List<String> train,
                                                   Optional<Map<String, Vocabulary>> vocabularies) {
        int[] stream = CopyTask.stream(copy.tokens(), copy.maxGap(), cfg.seed());
        StreamSharder.Sharded data = StreamSharder.shard(sc, sc.parallelizePairs(List.of(new Tuple2<>(0, stream)), 1),
                cfg.training().workers(), cfg.training().batchSize());
        ModelSpec spec = spec(Map.of());
        long updates = StreamBatches.segments(data.streamLength(), cfg.training().seqLength(), cfg.data().randomOffset(),
                cfg.seed(), 0) * (long) cfg.training().epochs();
        TrainingSpec ts = cfg.trainingSpec(spec, cfg.optimizer().toSpec(updates), cfg.streams(false));
        String summary = String.format(Locale.ROOT, "Copy task: %,d tokens (gaps of 1..%d), %d workers x %d streams of %,d",
                data.tokens(), copy.maxGap(), cfg.training().workers(), cfg.training().batchSize(), data.streamLength());
        return new Prepared<>(data.blocks(), new StreamRoundTask(ts, data.streamLength()), spec,
                Map.of(CharLmWorkload.TOKENS, vocabulary()), data.tokens(),
                Prepared.fingerprint(data.blocks(), StreamBlock::fingerprint), summary, data::release);
    }

    @Override public ModelSpec.Units layers() {
        return cfg.model().stacked() ? StackBinder.units(cfg.model(), "out")
                : LanguageModelSpec.layerNames(cfg.model().layers());
    }

    @Override public ModelSpec spec(Map<String, Vocabulary> vocabularies) {
        if (cfg.model().stacked()) {
            return StackBinder.bind(cfg.model(), new StackBinder.Sizes(0, CopyTask.VOCAB),
                    new SoftmaxSpec("out", CopyTask.VOCAB, 0));
        }
        return new LanguageModelSpec(CopyTask.VOCAB, cfg.model().embedding(), cfg.model().cell(), cfg.model().hidden(),
                cfg.model().layers(), cfg.model().dropout()).stack();
    }

    @Override public String describe(Prepared<StreamBlock> data, int parameters) {
        return String.format(Locale.ROOT, "Model: %s x %d of %d, %,d parameters; %s, seqLength %d",
                cfg.model().cell().name().toLowerCase(Locale.ROOT), cfg.model().layers(), cfg.model().hidden(), parameters,
                cfg.training().stateful() ? "stateful" : "stateless", cfg.training().seqLength());
    }

    @Override public Report report(JavaSparkContext sc, Fs fs, Trained<StreamBlock> trained) {
        int[] test = CopyTask.stream(copy.testTokens(), copy.maxGap(), cfg.seed() + 1);
        double[] score = longRangeAccuracy(trained.model().buildLanguageModel("the trained model"), test);
        out.printf(Locale.ROOT, "Dependent positions more than %d steps from their key: %.1f%% right (%d positions; chance "
                + "25%%)%n", cfg.training().seqLength(), 100 * score[0], (int) score[1]);
        Report report = new Report(cfg.name(), cfg.training().stateful(), trained.trainSeconds(), trained.state().rounds(),
                (int) score[1], score[0]);
        fs.writeAtomically(trained.layout().report(), Json.indented(report));
        return report;
    }

    @Override public HeldOut heldOut(JavaSparkContext sc, Fs fs, SavedModel model) {
        int[] test = CopyTask.stream(copy.testTokens(), copy.maxGap(), cfg.seed() + 1);
        return new HeldOut(1 - longRangeAccuracy(model.buildLanguageModel("the model"), test)[0], "error rate");
    }


    /**
     * Accuracy at the dependent positions of {@code test} more than one segment from their key, read
     * as the model was trained (state carried, or reset every segment), and how many there were.
     */
    private double[] longRangeAccuracy(StackModel model, int[] test) {
        int segment = cfg.training().seqLength();
        Buf probs = model.kernels().alloc(CopyTask.VOCAB);
        model.resetState(1);
        int correct = 0;
        int total = 0;
        for (int p = 0; p + 1 < test.length; p++) {
            if (!cfg.training().stateful() && p % segment == 0) {
                model.resetState(1);
            }
            model.probabilities(Batch.stream(1, 1, new int[] {test[p]}, new int[] {test[p + 1]}, new float[] {1}, null),
                    1.0, probs);
            if (CopyTask.distance(test, p + 1) > segment) {
                int best = 0;
                for (int j = 1; j < CopyTask.VOCAB; j++) {
                    best = probs.get(j) > probs.get(best) ? j : best;
                }
                correct += best == test[p + 1] ? 1 : 0;
                total++;
            }
        }
        return new double[] {correct / (double) Math.max(1, total), total};
    }
}
