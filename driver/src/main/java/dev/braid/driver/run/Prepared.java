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
 * the same one), a line describing the data for the log, how to free the blocks, and, where the workload
 * supports it, how the data meet a checkpoint written with another number of workers ({@code elastic}: null
 * where a resume must keep the checkpoint's {@code training.workers}).
 */
public record Prepared<D>(JavaRDD<D> blocks, RoundTask<D> task, ModelSpec spec, Map<String, Vocabulary> vocabularies,
                          long tokens, String fingerprint, String summary, Runnable release, Elastic elastic) {

    public Prepared(JavaRDD<D> blocks, RoundTask<D> task, ModelSpec spec, Map<String, Vocabulary> vocabularies, long tokens,
                    String fingerprint, String summary, Runnable release) {
        this(blocks, task, spec, vocabularies, tokens, fingerprint, summary, release, null);
    }

    /** Hashes combined in partition order: the fingerprint of {@link #fingerprint(JavaRDD, Function)}. */
    public static String combine(List<Long> hashes) {
        Fingerprint f = new Fingerprint(hashes.size());
        hashes.forEach(f::add);
        return String.format("%016x", f.value());
    }

    /** The fingerprint of {@code blocks}: each block's content hash, combined in partition order. */
    public static <D> String fingerprint(JavaRDD<D> blocks, Function<D, Long> hash) {
        return combine(blocks.map(hash).collect());
    }
}
