package dev.braid.driver.data;

import dev.braid.worker.data.BatchSet;
import dev.braid.worker.model.Batch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Length-bucketed, token-budgeted batches balanced across workers, built without collecting the
 * corpus: pairs are sorted by (target length, source length, id) with Spark — range-partitioned by
 * target length with bounds computed from the length histogram, not from a random sample, so the same
 * data always gives the same batches — consecutive runs are cut
 * into batches of at most {@code tokensPerBatch} target tokens ({@code rows x (longest target + 1)}),
 * only each batch's id and token counts reach the driver, which deals the batches to workers largest
 * first, each to the least-loaded worker; one shuffle then brings every worker its batches, cached
 * pre-encoded as one {@link BatchSet}.
 */
public final class Seq2SeqBatcher {
    private Seq2SeqBatcher() {
    }

    /**
     * The cached batch sets and what the driver knows of them. {@link #release()} when done. A lost
     * executor's sets are rebuilt from lineage, which reads {@code assignment}: the broadcast lives as long
     * as the sets.
     */
    public record Batched(JavaRDD<BatchSet> sets, int workers, int[] batchesPerWorker, long[] tokensPerWorker,
                          long targetTokens, Broadcast<Map<Long, Integer>> assignment, boolean onDisk,
                          JavaRDD<Tuple2<Long, Batch>> batches, List<Tuple2<Long, Integer>> sizes) {
        public int maxBatches() {
            int m = 0;
            for (int b : batchesPerWorker) {
                m = Math.max(m, b);
            }
            return m;
        }

        /** Bytes Spark holds of the batch sets, in memory and on disk (its storage report). */
        public long[] keptBytes() {
            for (org.apache.spark.storage.RDDInfo info : sets.context().getRDDStorageInfo()) {
                if (info.id() == sets.id()) {
                    return new long[] {info.memSize(), info.diskSize()};
                }
            }
            return new long[] {0, 0};
        }

        public void release() {
            sets.unpersist(false);
            assignment.destroy();
        }

        /**
         * The content hash of each worker's batches in order, as {@link BatchSet#fingerprint} of all of them
         * (so a run may resume with the data in memory or on disk alike), combined in worker order.
         */
        public String fingerprint() {
            int[] counts = batchesPerWorker;
            java.util.List<Long> hashes = !onDisk ? sets.map(BatchSet::fingerprint).collect()
                    : sets.mapPartitionsWithIndex((w, it) -> {
                        dev.braid.worker.data.Fingerprint f = new dev.braid.worker.data.Fingerprint(w).add(counts[w]);
                        it.forEachRemaining(s -> s.batches().forEach(b -> b.addTo(f)));
                        return List.of(f.value()).iterator();
                    }, true).collect();
            return combine(hashes);
        }

        /**
         * {@link #fingerprint()} of these batches dealt to {@code workers} workers, as a checkpoint of that many
         * recorded it (an elastic resume). Recomputes the batches from their lineage: one pass over the corpus.
         */
        public String fingerprintAs(int workers) {
            Dealing d = deal(sizes, workers);
            Map<Long, Integer> assign = d.assignment();
            int[] counts = d.counts();
            List<Long> hashes = batches.mapToPair(t -> new Tuple2<>(assign.get(t._1()), t))
                    .partitionBy(new ConsecutivePartitioner(workers, 1))
                    .mapPartitionsWithIndex((w, it) -> {
                        BatchSet set = collect(w, it);
                        dev.braid.worker.data.Fingerprint f = new dev.braid.worker.data.Fingerprint(w).add(counts[w]);
                        set.batches().forEach(b -> b.addTo(f));
                        return List.of(f.value()).iterator();
                    }, true).collect();
            return combine(hashes);
        }

        /** The most batches a worker gets when these batches are dealt to {@code workers}. */
        public int maxBatchesAs(int workers) {
            int m = 0;
            for (int c : deal(sizes, workers).counts()) {
                m = Math.max(m, c);
            }
            return m;
        }

        private static String combine(List<Long> hashes) {
            dev.braid.worker.data.Fingerprint all = new dev.braid.worker.data.Fingerprint(hashes.size());
            hashes.forEach(all::add);
            return String.format("%016x", all.value());
        }
    }

    /** Batches (by id) dealt to workers, with each worker's count and padded tokens. */
    record Dealing(Map<Long, Integer> assignment, int[] counts, long[] load) {
    }

    /**
     * Deals the batches, largest first (ties by id), each to the worker with the fewest padded tokens so far:
     * {@code sizes} holds (batch id, padded tokens), sorted in that order.
     */
    static Dealing deal(List<Tuple2<Long, Integer>> sizes, int workers) {
        Map<Long, Integer> assignment = new HashMap<>();
        int[] counts = new int[workers];
        long[] load = new long[workers];
        for (Tuple2<Long, Integer> m : sizes) {
            int best = 0;
            for (int w = 1; w < workers; w++) {
                best = load[w] < load[best] ? w : best;
            }
            assignment.put(m._1(), best);
            load[best] += m._2();
            counts[best]++;
        }
        return new Dealing(assignment, counts, load);
    }

    /**
     * The batches of {@code pairs}, each worker's kept in memory as one block, or with {@code onDisk} on
     * executor disk as one block per batch in batch order (Spark's DISK_ONLY: a round reads them one by
     * one, so no worker ever holds its whole share).
     */
    public static Batched batch(JavaSparkContext sc, JavaRDD<PairEncoder.Encoded> pairs, int workers, int tokensPerBatch,
                                boolean onDisk) {
        StorageLevel level = onDisk ? StorageLevel.DISK_ONLY() : StorageLevel.MEMORY_AND_DISK();
        int parts = Math.max(1, pairs.getNumPartitions());
        Map<Integer, Long> histogram = pairs.map(p -> p.target().length).countByValue();
        JavaRDD<Tuple2<Long, Batch>> batches = pairs
                .mapToPair(p -> new Tuple2<>(sortKey(p), p))
                .repartitionAndSortWithinPartitions(new LengthRangePartitioner(bounds(histogram, parts)))
                .values()
                .mapPartitionsWithIndex((part, it) -> cut(part, it, tokensPerBatch), true);
        batches.persist(level);
        List<Tuple2<Long, Integer>> meta = new ArrayList<>(batches.map(t -> new Tuple2<>(t._1(), t._2().rows()
                * t._2().steps())).collect());
        long realTokens = batches.map(t -> (long) t._2().weight()).fold(0L, Long::sum);
        meta.sort(Comparator.<Tuple2<Long, Integer>>comparingInt(t -> -t._2()).thenComparingLong(Tuple2::_1));
        Dealing dealt = deal(meta, workers);
        int[] counts = dealt.counts();
        long[] load = dealt.load();
        Broadcast<Map<Long, Integer>> assign = sc.broadcast(dealt.assignment());
        JavaRDD<BatchSet> sets = onDisk
                ? batches.mapToPair(t -> t)
                        .repartitionAndSortWithinPartitions(new AssignedPartitioner(assign, workers))
                        .mapPartitionsWithIndex((w, it) -> new java.util.Iterator<BatchSet>() {
                            @Override public boolean hasNext() {
                                return it.hasNext();
                            }

                            @Override public BatchSet next() {
                                return new BatchSet(w, List.of(it.next()._2()));
                            }
                        }, true)
                : batches.mapToPair(t -> new Tuple2<>(assign.value().get(t._1()), t))
                        .partitionBy(new ConsecutivePartitioner(workers, 1))
                        .mapPartitionsWithIndex((w, it) -> List.of(collect(w, it)).iterator(), true);
        sets.persist(onDisk ? StorageLevel.DISK_ONLY() : StorageLevel.MEMORY_AND_DISK());
        sets.count();
        batches.unpersist(false);
        // the batches stay as lineage (recomputed, not kept) for an elastic resume's fingerprint
        return new Batched(sets, workers, counts, load, realTokens, assign, onDisk, batches, List.copyOf(meta));
    }

    /**
     * Upper target-length bounds of {@code parts} contiguous ranges holding about equal numbers of pairs
     * (a length is never split between ranges).
     */
    static int[] bounds(Map<Integer, Long> histogram, int parts) {
        List<Integer> lengths = new ArrayList<>(histogram.keySet());
        lengths.sort(null);
        long total = histogram.values().stream().mapToLong(Long::longValue).sum();
        int[] upper = new int[parts];
        java.util.Arrays.fill(upper, Integer.MAX_VALUE);
        long seen = 0;
        int p = 0;
        for (int len : lengths) {
            seen += histogram.get(len);
            if (p < parts - 1 && seen >= (p + 1) * total / parts) {
                upper[p++] = len;
            }
        }
        return upper;
    }

    /** Sends a pair (keyed by {@link #sortKey}) to the first range whose upper target length it does not exceed. */
    static final class LengthRangePartitioner extends org.apache.spark.Partitioner {
        private final int[] upper;

        LengthRangePartitioner(int[] upper) {
            this.upper = upper;
        }

        @Override public int numPartitions() {
            return upper.length;
        }

        @Override public int getPartition(Object key) {
            int len = (int) ((Long) key >>> 48);
            for (int p = 0; p < upper.length; p++) {
                if (len <= upper[p]) {
                    return p;
                }
            }
            return upper.length - 1;
        }

        @Override public boolean equals(Object o) {
            return o instanceof LengthRangePartitioner l && java.util.Arrays.equals(l.upper, upper);
        }

        @Override public int hashCode() {
            return java.util.Arrays.hashCode(upper);
        }
    }

    /** Sends a batch (keyed by its id) to the worker the driver dealt it to. */
    static final class AssignedPartitioner extends org.apache.spark.Partitioner {
        private final Broadcast<Map<Long, Integer>> assignment;
        private final int workers;

        AssignedPartitioner(Broadcast<Map<Long, Integer>> assignment, int workers) {
            this.assignment = assignment;
            this.workers = workers;
        }

        @Override public int numPartitions() {
            return workers;
        }

        @Override public int getPartition(Object key) {
            return assignment.value().get((Long) key);
        }

        @Override public boolean equals(Object o) {
            return o instanceof AssignedPartitioner a && a.assignment.id() == assignment.id() && a.workers == workers;
        }

        @Override public int hashCode() {
            return Long.hashCode(assignment.id()) * 31 + workers;
        }
    }

    /** Orders pairs by target length, source length, then id: similar lengths share batches, and the order is total. */
    static long sortKey(PairEncoder.Encoded p) {
        return ((long) p.target().length << 48) | ((long) p.source().length << 40) | (p.id() & ((1L << 40) - 1));
    }

    /**
     * The sorted pairs of partition {@code part} cut into consecutive batches of at most {@code tokensPerBatch}
     * target tokens, each keyed by (part, index); lazily, so a partition's batches never all sit in memory.
     */
    static Iterator<Tuple2<Long, Batch>> cut(int part, Iterator<PairEncoder.Encoded> it, int tokensPerBatch) {
        return new Iterator<>() {
            private PairEncoder.Encoded pending = it.hasNext() ? it.next() : null;
            private int index;

            @Override public boolean hasNext() {
                return pending != null;
            }

            @Override public Tuple2<Long, Batch> next() {
                if (pending == null) {
                    throw new java.util.NoSuchElementException();
                }
                List<PairEncoder.Encoded> rows = new ArrayList<>();
                int longest = 0;
                while (pending != null) {
                    int len = Math.max(longest, pending.target().length + 1);
                    if (!rows.isEmpty() && (long) (rows.size() + 1) * len > tokensPerBatch) {
                        break;
                    }
                    rows.add(pending);
                    longest = len;
                    pending = it.hasNext() ? it.next() : null;
                }
                return new Tuple2<>(((long) part << 32) | index++, pad(rows));
            }
        };
    }

    /** The pairs as one training batch (framing and layout are the worker's, {@link Batch#of}). */
    static Batch pad(List<PairEncoder.Encoded> pairs) {
        return Batch.pairs(pairs.stream().map(PairEncoder.Encoded::source).toList(),
                pairs.stream().map(PairEncoder.Encoded::target).toList());
    }

    private static BatchSet collect(int worker, Iterator<Tuple2<Integer, Tuple2<Long, Batch>>> it) {
        List<Tuple2<Long, Batch>> mine = new ArrayList<>();
        it.forEachRemaining(t -> mine.add(t._2()));
        mine.sort(Comparator.comparingLong(Tuple2::_1));
        List<Batch> batches = new ArrayList<>();
        mine.forEach(t -> batches.add(t._2()));
        return new BatchSet(worker, batches);
    }
}
