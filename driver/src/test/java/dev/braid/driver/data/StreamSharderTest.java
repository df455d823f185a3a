package dev.braid.driver.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.spark.SparkTest;
import dev.braid.worker.data.StreamBlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * Consecutive partitioning on local[2]: documents whose token values are their global corpus
 * positions must land so that partition w, row b holds positions {@code [(wB+b)L, (wB+b+1)L)} in order,
 * with document starts marked where they fall.
 */
@Tag("spark")
class StreamSharderTest {

    @Test
    void partitionsHoldTheirConsecutiveStreamsInOrder() {
        JavaSparkContext sc = SparkTest.sc();
        int[] docLengths = {7, 130, 1, 55, 90, 33, 4, 61};
        List<Tuple2<Integer, int[]>> docs = new ArrayList<>();
        List<Integer> docStartPositions = new ArrayList<>();
        int pos = 0;
        for (int d = 0; d < docLengths.length; d++) {
            int[] doc = new int[docLengths[d]];
            docStartPositions.add(pos);
            for (int i = 0; i < doc.length; i++) {
                doc[i] = pos++;
            }
            docs.add(new Tuple2<>(d, doc));
        }
        int total = pos;
        int workers = 3;
        int rows = 4;
        JavaPairRDD<Integer, int[]> encoded = sc.parallelizePairs(docs, 3);
        StreamSharder.Sharded sharded = StreamSharder.shard(sc, encoded, workers, rows);
        int length = total / (workers * rows);
        assertThat(sharded.streamLength()).isEqualTo(length);
        assertThat(sharded.dropped()).isEqualTo(total - (long) workers * rows * length);

        List<StreamBlock> blocks = new ArrayList<>(sharded.blocks().collect());
        blocks.sort(Comparator.comparingInt(StreamBlock::partition));
        assertThat(blocks).hasSize(workers);
        for (int w = 0; w < workers; w++) {
            StreamBlock block = blocks.get(w);
            assertThat(block.partition()).isEqualTo(w);
            for (int b = 0; b < rows; b++) {
                for (int t = 0; t < length; t++) {
                    int global = (w * rows + b) * length + t;
                    assertThat(block.token(b, t)).isEqualTo(global);
                    assertThat(block.documentStartsAt(b, t)).isEqualTo(docStartPositions.contains(global));
                }
            }
        }
        assertThat(sharded.blocks().getNumPartitions()).isEqualTo(workers);
        sharded.release();
    }
}
