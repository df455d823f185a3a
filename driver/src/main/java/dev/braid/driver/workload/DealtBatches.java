package dev.braid.driver.workload;

import dev.braid.worker.data.BatchSet;
import dev.braid.worker.model.Batch;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Example batches dealt to the workers in turn (batch i to worker i mod W), one cached block per worker,
 * and the most batches a worker holds (an epoch's rounds are counted from it).
 */
record DealtBatches(JavaRDD<BatchSet> blocks, int maxBatches) {

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
        return new DealtBatches(blocks, dealt.stream().mapToInt(List::size).max().orElse(0));
    }
}
