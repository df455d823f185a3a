package dev.braid.driver.run;

import dev.braid.driver.train.RoundTask;
import dev.braid.worker.data.Fingerprint;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.model.ModelSpec;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;

/**
 * A workload's training data, ready to train on: one cached block per partition, the task that trains
 * a block for a round, the model they fit, the vocabularies (saved with the model and every
 * checkpoint), the tokens of one epoch, a content fingerprint of the blocks (a resumed run must see
 * the same one), a line describing the data for the log, and how to free the blocks.
 */
public record Prepared<D>(JavaRDD<D> blocks, RoundTask<D> task, ModelSpec spec, Map<String, Vocabulary> vocabularies,
                          long tokens, String fingerprint, String summary, Runnable release) {

    /** The fingerprint of {@code blocks}: each block's content hash, combined in partition order. */
    public static <D> String fingerprint(JavaRDD<D> blocks, Function<D, Long> hash) {
        List<Long> hashes = blocks.map(hash).collect();
        Fingerprint f = new Fingerprint(hashes.size());
        hashes.forEach(f::add);
        return String.format("%016x", f.value());
    }
}
