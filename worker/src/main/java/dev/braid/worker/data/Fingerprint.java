package dev.braid.worker.data;

/**
 * A 64-bit content hash of cached training data (SplitMix64 steps over every value), so that a resumed
 * run can tell whether its data still encodes to what the checkpoint was trained on. Not cryptographic:
 * it guards against changed files, not against an adversary.
 */
public final class Fingerprint {
    private long h;

    public Fingerprint(long seed) {
        this.h = seed;
    }

    public Fingerprint add(long v) {
        long z = h + v * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        h = z ^ (z >>> 31);
        return this;
    }

    public Fingerprint add(int[] values) {
        add(values.length);
        for (int v : values) {
            add(v);
        }
        return this;
    }

    public Fingerprint add(float[] values) {
        add(values.length);
        for (float v : values) {
            add(Float.floatToIntBits(v));
        }
        return this;
    }

    public long value() {
        return h;
    }
}
