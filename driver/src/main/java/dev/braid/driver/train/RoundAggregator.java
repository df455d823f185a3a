package dev.braid.driver.train;

import dev.braid.worker.train.RoundResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Sums a round's results in partition order. Up to {@code FAN_IN} partitions the driver adds the
 * results itself; beyond that a first level adds groups of {@code FAN_IN} consecutive partitions on
 * the executors (sorted by partition inside each group), and the driver adds the group sums in group
 * order: a two-level tree with a fixed order.
 */
final class RoundAggregator {
    static final int FAN_IN = 8;

    private RoundAggregator() {
    }

    /**
     * As {@link #sum}, the results completed on the driver by {@code whole} (a local master's in-process
     * round): the same two-level order, the first level added here instead of on the executors.
     */
    static WeightedSum sum(JavaRDD<RoundResult> results, int partitions, java.util.function.UnaryOperator<RoundResult> whole) {
        List<RoundResult> all = new ArrayList<>(results.collect());
        all.sort(Comparator.comparingInt(RoundResult::partition));
        WeightedSum total = new WeightedSum();
        if (partitions <= FAN_IN) {
            all.forEach(r -> total.add(whole.apply(r)));
            return total;
        }
        for (int from = 0; from < all.size(); ) {
            int group = all.get(from).partition() / FAN_IN;
            WeightedSum s = new WeightedSum();
            while (from < all.size() && all.get(from).partition() / FAN_IN == group) {
                s.add(whole.apply(all.get(from++)));
            }
            total.merge(s);
        }
        return total;
    }

    static WeightedSum sum(JavaRDD<RoundResult> results, int partitions) {
        if (partitions <= FAN_IN) {
            WeightedSum total = new WeightedSum();
            results.collect().forEach(total::add);
            return total;
        }
        int groups = (partitions + FAN_IN - 1) / FAN_IN;
        List<Tuple2<Integer, WeightedSum>> partial = new ArrayList<>(results
                .mapToPair(r -> new Tuple2<>(r.partition() / FAN_IN, r))
                .groupByKey(groups)
                .mapValues(RoundAggregator::sumInOrder)
                .collect());
        partial.sort(Comparator.comparing(Tuple2::_1));
        WeightedSum total = new WeightedSum();
        partial.forEach(t -> total.merge(t._2()));
        return total;
    }

    private static WeightedSum sumInOrder(Iterable<RoundResult> group) {
        List<RoundResult> list = new ArrayList<>();
        group.forEach(list::add);
        list.sort(Comparator.comparingInt(RoundResult::partition));
        WeightedSum s = new WeightedSum();
        list.forEach(s::add);
        return s;
    }
}
