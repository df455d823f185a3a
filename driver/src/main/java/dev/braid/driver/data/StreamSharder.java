package dev.braid.driver.data;

import dev.braid.driver.UserError;
import dev.braid.worker.data.StreamBlock;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Cuts an ordered, encoded corpus of N tokens into {@code S = W x B} streams of equal length
 * {@code L = floor(N / S)}: stream s is the corpus slice {@code [sL, (s+1)L)}. The last {@code N - S*L}
 * tokens (fewer than S) are dropped, and the count is reported. Documents are cut into pieces on the
 * executors; offsets come from per-document lengths and their prefix sums, the only data the driver
 * collects. {@link ConsecutivePartitioner} then brings each worker's B streams together, and each
 * partition becomes one cached {@link StreamBlock}.
 */
public final class StreamSharder {
    private StreamSharder() {
    }

    /**
     * The sharded corpus: one cached block per partition. {@link #release()} when done. A lost executor's
     * blocks are rebuilt from lineage, which reads {@code starts}: the broadcast lives as long as the blocks.
     */
    public record Sharded(JavaRDD<StreamBlock> blocks, int workers, int rows, int streamLength, long tokens,
                          long dropped, Broadcast<long[]> starts) {
        public void release() {
            blocks.unpersist(false);
            starts.destroy();
        }
    }

    /** A slice of one document that falls into one stream. {@code docStart} is -1 or where the document begins in the stream. */
    record Piece(int offset, int[] tokens, int docStart) implements Serializable {
    }

    public static Sharded shard(JavaSparkContext sc, JavaPairRDD<Integer, int[]> encoded, int workers, int rows) {
        encoded.persist(StorageLevel.MEMORY_AND_DISK());
        List<Tuple2<Integer, Integer>> lengths = new ArrayList<>(encoded.mapValues(a -> a.length).collect());
        lengths.sort((a, b) -> Integer.compare(a._1(), b._1()));
        long[] starts = new long[lengths.size()];
        long total = 0;
        for (int i = 0; i < lengths.size(); i++) {
            if (lengths.get(i)._1() != i) {
                throw new IllegalStateException("document indices are not 0.." + (lengths.size() - 1));
            }
            starts[i] = total;
            total += lengths.get(i)._2();
        }
        long streams = (long) workers * rows;
        long length = total / streams;
        if (length < 2) {
            throw new UserError("The training corpus has " + total + " tokens: too few for " + workers + " workers x "
                    + rows + " rows (training.workers x training.batchSize) with at least 2 tokens per stream. "
                    + "Use more data or fewer workers/rows.");
        }
        if (length > Integer.MAX_VALUE / rows) {
            throw new UserError("Streams of " + length + " tokens x " + rows + " rows exceed one partition's 2^31 tokens; "
                    + "raise training.workers.");
        }
        Broadcast<long[]> startsB = sc.broadcast(starts);
        int l = (int) length;
        int s = (int) streams;
        JavaRDD<StreamBlock> blocks = encoded
                .flatMapToPair(doc -> cut(doc._2(), startsB.value()[doc._1()], l, s))
                .partitionBy(new ConsecutivePartitioner(workers, rows))
                .mapPartitionsWithIndex((w, it) -> List.of(assemble(w, rows, l, it)).iterator(), true);
        blocks.persist(StorageLevel.MEMORY_AND_DISK());
        blocks.count();
        encoded.unpersist(false);
        return new Sharded(blocks, workers, rows, l, total, total - streams * length, startsB);
    }

    static Iterator<Tuple2<Integer, Piece>> cut(int[] doc, long start, int length, int streams) {
        List<Tuple2<Integer, Piece>> out = new ArrayList<>();
        long limit = (long) streams * length;
        long end = Math.min(start + doc.length, limit);
        for (long pos = start; pos < end; ) {
            int stream = (int) (pos / length);
            long streamEnd = Math.min(end, (long) (stream + 1) * length);
            int[] slice = java.util.Arrays.copyOfRange(doc, (int) (pos - start), (int) (streamEnd - start));
            int offset = (int) (pos - (long) stream * length);
            out.add(new Tuple2<>(stream, new Piece(offset, slice, pos == start ? offset : -1)));
            pos = streamEnd;
        }
        return out.iterator();
    }

    /**
     * The content hash of each block (in partition order) that {@code blocks}' streams would have had dealt to
     * {@code workers} partitions: a checkpoint of another worker count recorded those. One shuffle of the corpus.
     */
    public static List<Long> fingerprintsAs(JavaRDD<StreamBlock> blocks, int workers) {
        StreamBlock first = blocks.first();
        long streams = (long) blocks.getNumPartitions() * first.rows();
        if (streams % workers != 0) {
            throw new UserError(streams + " streams cannot be dealt evenly to " + workers + " workers.");
        }
        int rows = (int) (streams / workers);
        int length = first.length();
        return blocks.flatMapToPair(StreamSharder::streams)
                .partitionBy(new ConsecutivePartitioner(workers, rows))
                .mapPartitionsWithIndex((w, it) -> List.of(assemble(w, rows, length, it).fingerprint()).iterator(), true)
                .collect();
    }

    /** The streams of a block as pieces keyed by stream: each row's tokens, and an empty piece per document start. */
    private static Iterator<Tuple2<Integer, Piece>> streams(StreamBlock b) {
        List<Tuple2<Integer, Piece>> out = new ArrayList<>();
        for (int r = 0; r < b.rows(); r++) {
            int stream = b.partition() * b.rows() + r;
            int from = r * b.length();
            out.add(new Tuple2<>(stream, new Piece(0, java.util.Arrays.copyOfRange(b.tokens(), from, from + b.length()), -1)));
            for (int at = b.documentStarts().nextSetBit(from); at >= 0 && at < from + b.length();
                 at = b.documentStarts().nextSetBit(at + 1)) {
                out.add(new Tuple2<>(stream, new Piece(at - from, new int[0], at - from)));
            }
        }
        return out.iterator();
    }

    static StreamBlock assemble(int partition, int rows, int length, Iterator<Tuple2<Integer, Piece>> pieces) {
        int[] tokens = new int[rows * length];
        BitSet starts = new BitSet(rows * length);
        long filled = 0;
        while (pieces.hasNext()) {
            Tuple2<Integer, Piece> p = pieces.next();
            int row = p._1() - partition * rows;
            Piece piece = p._2();
            System.arraycopy(piece.tokens(), 0, tokens, row * length + piece.offset(), piece.tokens().length);
            if (piece.docStart() >= 0) {
                starts.set(row * length + piece.docStart());
            }
            filled += piece.tokens().length;
        }
        if (filled != (long) rows * length) {
            throw new IllegalStateException("partition " + partition + " got " + filled + " of " + (long) rows * length + " tokens");
        }
        return new StreamBlock(partition, rows, length, tokens, starts);
    }
}
