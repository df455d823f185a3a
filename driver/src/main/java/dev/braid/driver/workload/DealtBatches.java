package dev.braid.driver.workload;

import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.run.Prepared;
import dev.braid.driver.train.ExampleRoundTask;
import dev.braid.worker.data.BatchSet;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Example batches dealt to the workers in turn (batch i to worker i mod W), one cached block per worker,
 * the most batches a worker holds (an epoch's rounds are counted from it) and the outputs they weigh.
 */
record DealtBatches(JavaRDD<BatchSet> blocks, int maxBatches, long outputs) {

    static DealtBatches of(JavaSparkContext sc, List<Batch> batches, int workers) {
        List<List<Batch>> dealt = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            dealt.add(new ArrayList<>());
        }
        for (int i = 0; i < batches.size(); i++) {
            dealt.get(i % workers).add(batches.get(i));
        }
        List<BatchSet> sets = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            sets.add(new BatchSet(w, List.copyOf(dealt.get(w))));
        }
        JavaRDD<BatchSet> blocks = sc.parallelize(sets, workers).persist(StorageLevel.MEMORY_AND_DISK());
        return new DealtBatches(blocks, dealt.stream().mapToInt(List::size).max().orElse(0),
                batches.stream().mapToLong(b -> (long) b.weight()).sum());
    }

    /** The batches trained as shuffled examples of {@code spec} under {@code cfg}, for the run lifecycle. */
    Prepared<BatchSet> prepared(BraidConfig cfg, ModelSpec spec, String summary) {
        return prepared(cfg, spec, Map.of(), summary, () -> blocks.unpersist(false));
    }

    /** As {@link #prepared(BraidConfig, ModelSpec, String)}, with the data's {@code vocabularies} and its own {@code release}. */
    Prepared<BatchSet> prepared(BraidConfig cfg, ModelSpec spec, Map<String, dev.braid.worker.data.Vocabulary> vocabularies,
                                String summary, Runnable release) {
        ExampleRoundTask task = new ExampleRoundTask(cfg.trainingSpec(spec, cfg.optimizer().toSpec(
                (long) cfg.training().epochs() * maxBatches), null), maxBatches);
        return new Prepared<>(blocks, task, spec, vocabularies, outputs, Prepared.fingerprint(blocks, BatchSet::fingerprint),
                summary, release);
    }
}
