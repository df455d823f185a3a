package dev.braid.worker.random;

import java.util.SplittableRandom;

/**
 * Every random stream of a run, derived from the run's seed in this one place, by purpose and by
 * (epoch, partition, step) — so that a batch's randomness depends only on where it is in the data,
 * never on where rounds cut, which worker trains it, or whether the run was resumed. The formulas are
 * the ones Braid has always used (changing one would change every trained model's bits).
 */
public final class Seeds {
    private Seeds() {
    }

    /** Parameter initialisation. */
    public static SplittableRandom init(long seed) {
        return new SplittableRandom(seed);
    }

    /** The epoch's segment offset of stateful streams. */
    public static SplittableRandom epochOffset(long seed, int epoch) {
        return new SplittableRandom(seed * 31 + epoch);
    }

    /** The order in which stateless training visits an epoch's segments. */
    public static SplittableRandom segmentOrder(long seed, int epoch) {
        return new SplittableRandom(seed * 17 + epoch);
    }

    /** The order in which a partition visits its batches of pairs in an epoch. */
    public static SplittableRandom batchOrder(long seed, int epoch, int partition) {
        return new SplittableRandom(seed * 1_000_003L + epoch * 131L + partition);
    }

    /** The dropout seed of an epoch, which every round of it carries to the workers. */
    public static long dropoutEpoch(long seed, int epoch) {
        return seed * 1_000_003L + epoch * 7919L;
    }

    /** Dropout masks of one batch: of the epoch's seed, the partition and the batch's index in the epoch. */
    public static SplittableRandom dropoutStep(long epochSeed, int partition, long batch) {
        return new SplittableRandom(mix(epochSeed + partition, batch));
    }

    /** Synthetic training data (the copy task's stream). */
    public static SplittableRandom syntheticData(long seed) {
        return new SplittableRandom(seed);
    }

    /** The order of a forecaster's training windows, fixed once for the run (rows of a batch stay together). */
    public static SplittableRandom windowOrder(long seed) {
        return new SplittableRandom(mix(seed, 0x7769_6e64L));
    }

    /** Sampling text from a trained model. */
    public static SplittableRandom sampling(long seed) {
        return new SplittableRandom(seed);
    }

    /** A well-mixed seed (SplitMix64 finaliser), so neighbouring indices get unrelated streams. */
    static long mix(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
