package dev.braid.driver.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.driver.spark.SparkTest;
import dev.braid.worker.train.RoundResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * A local master's in-process rounds sum the results on the driver in the order the executors' two-level tree
 * does (up to {@link RoundAggregator#FAN_IN} partitions flat, beyond it in groups): the same bits, as the
 * golden tests need, at 3 and at 19 partitions.
 */
class RoundAggregatorTest {

    @Test
    void theDriversSumOfWholeResultsHasTheTreesBits() {
        for (int partitions : new int[] {3, 19}) {
            List<RoundResult> results = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                results.add(result(p, new SplittableRandom(p)));
            }
            JavaRDD<RoundResult> rdd = SparkTest.sc().parallelize(results, partitions).map(r -> r);
            WeightedSum tree = RoundAggregator.sum(rdd, partitions);
            // what the tasks of an in-process round carry back: the results without their arrays
            Map<Integer, RoundResult> left = new ConcurrentHashMap<>();
            results.forEach(r -> left.put(r.partition(), r));
            JavaRDD<RoundResult> carried = rdd.map(r -> new RoundResult(r.partition(), null, null, r.rnnState(),
                    r.lossSum(), r.weight(), r.batches(), r.computeNanos(), r.nonFiniteBatch(), r.gradNormSum()));
            WeightedSum driver = RoundAggregator.sum(carried, partitions, r -> left.get(r.partition()));
            assertThat(driver.params).as("%d partitions", partitions).isEqualTo(tree.params);
            assertThat(driver.optimizer).isEqualTo(tree.optimizer);
            assertThat(driver.weight).isEqualTo(tree.weight);
            assertThat(driver.lossSum).isEqualTo(tree.lossSum);
            assertThat(driver.states.keySet()).hasSize(partitions);
        }
    }

    /** A result whose values differ in magnitude, so that a change in the order of additions changes bits. */
    private static RoundResult result(int partition, SplittableRandom rng) {
        float[] params = new float[257];
        float[] moments = new float[514];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(-6, 7)));
        }
        for (int i = 0; i < moments.length; i++) {
            moments[i] = (float) (rng.nextDouble() * Math.pow(10, rng.nextInt(-8, 3)));
        }
        return new RoundResult(partition, params, moments, new float[] {partition}, 1.5 * partition,
                10 + rng.nextInt(90), 2, 1000, RoundResult.FINITE, 0.5);
    }
}
