package dev.braid.driver.data;

import dev.braid.driver.config.BraidConfig;
import dev.braid.worker.data.Vocabulary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * An encoder-decoder's training pairs, prepared: read from the files of {@code train} (bad lines per
 * data.badLines), the vocabularies given or built with Spark, encoded (length limits applied) and dealt
 * to the workers as cached batch sets; with the counts a report shows.
 */
public record PairData(Vocabulary source, Vocabulary target, Seq2SeqBatcher.Batched batched, long usable, long truncated,
                       long refused, long skipped) {

    public static PairData prepare(JavaSparkContext sc, BraidConfig cfg, List<String> train, Optional<Vocabulary> source,
                                   Optional<Vocabulary> target) {
        int workers = cfg.training().workers();
        LongAccumulator skipped = sc.sc().longAccumulator("bad lines skipped");
        JavaRDD<ParallelCorpus.Pair> pairs = train.stream()
                .map(t -> ParallelCorpus.read(sc, t, cfg.data(), ParallelCorpus.Role.TRAIN, workers * 2, skipped))
                .reduce(JavaRDD::union).orElseThrow().persist(level(cfg));
        PairVocabularies built = source.isPresent() && target.isPresent() ? null : PairVocabularies.build(pairs, cfg);
        Vocabulary src = source.orElseGet(() -> built.source());
        Vocabulary tgt = target.orElseGet(() -> built.target());
        PairEncoder encoder = new PairEncoder(cfg.sourceEncoder(src), cfg.targetEncoder(tgt));
        JavaRDD<PairEncoder.Encoded> encoded = pairs.map(encoder::encode).persist(level(cfg));
        Map<PairEncoder.Status, Long> status = encoded.map(PairEncoder.Encoded::status).countByValue();
        Seq2SeqBatcher.Batched batched = Seq2SeqBatcher.batch(sc, encoded.filter(e -> e.status() != PairEncoder.Status.REFUSED),
                workers, cfg.seq2seq().tokensPerBatch(), cfg.data().onDisk());
        encoded.unpersist(false);
        pairs.unpersist(false);
        long truncated = status.getOrDefault(PairEncoder.Status.TRUNCATED, 0L);
        return new PairData(src, tgt, batched, status.getOrDefault(PairEncoder.Status.OK, 0L) + truncated, truncated,
                status.getOrDefault(PairEncoder.Status.REFUSED, 0L), skipped.value());
    }

    /** The pairs are read once and encoded once while the batches are built: kept as the batches are. */
    private static org.apache.spark.storage.StorageLevel level(BraidConfig cfg) {
        return cfg.data().onDisk() ? org.apache.spark.storage.StorageLevel.DISK_ONLY()
                : org.apache.spark.storage.StorageLevel.MEMORY_ONLY();
    }
}
