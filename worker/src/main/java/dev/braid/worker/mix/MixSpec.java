package dev.braid.worker.mix;

import java.util.List;

/**
 * How {@link NgramMixer} combines the network with n-gram models: the context lengths (orders) of its
 * n-gram models, ascending; the step size of its online mixing weights; and how many of the last
 * characters of the counted text also seed its recent-text models (which otherwise count only the
 * evaluated text).
 */
public record MixSpec(List<Integer> orders, double learningRate, int recentChars) {
    /** The longest context a mixer may count: beyond it contexts almost never repeat in text. */
    public static final int MAX_ORDER = 32;

    public MixSpec {
        orders = List.copyOf(orders);
        if (orders.isEmpty() || !(learningRate > 0) || recentChars < 0) {
            throw new IllegalArgumentException("mixing needs at least one n-gram order, a learning rate > 0 and recentChars "
                    + ">= 0 (got " + orders + ", " + learningRate + ", " + recentChars + ")");
        }
        for (int i = 0; i < orders.size(); i++) {
            int o = orders.get(i);
            if (o < 1 || o > MAX_ORDER || (i > 0 && o <= orders.get(i - 1))) {
                throw new IllegalArgumentException("n-gram orders must ascend within 1.." + MAX_ORDER + " (got " + orders + ")");
            }
        }
    }

    int[] orderArray() {
        return orders.stream().mapToInt(Integer::intValue).toArray();
    }
}
