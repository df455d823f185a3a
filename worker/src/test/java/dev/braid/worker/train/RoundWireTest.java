package dev.braid.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A round's start and result through Java serialization (as Spark moves them): every field, every bit. */
class RoundWireTest {

    @Test
    void aRoundStartComesBackBitForBit() throws Exception {
        RoundStart s = new RoundStart(floats(100_003, 1), floats(200_006, 2), 123_456_789_012L, 7, 40, 42, -5L, 0.25,
                9_000L);
        RoundStart back = roundTrip(s);
        assertThat(back.params()).isEqualTo(s.params());
        assertThat(back.optimizerState()).isEqualTo(s.optimizerState());
        assertThat(bits(back.params())).isEqualTo(bits(s.params()));
        assertThat(back).usingRecursiveComparison().ignoringFields("params", "optimizerState").isEqualTo(s);
    }

    @Test
    void aRoundResultComesBackBitForBitWithEmptyAndMissingArrays() throws Exception {
        RoundResult r = new RoundResult(3, floats(70_001, 3), new float[0], null, 12.5, 640, 2, 987_654_321L, 1, 3.75);
        RoundResult back = roundTrip(r);
        assertThat(bits(back.params())).isEqualTo(bits(r.params()));
        assertThat(back.optimizerState()).isEmpty();
        assertThat(back.rnnState()).isNull();
        assertThat(back).usingRecursiveComparison().ignoringFields("params").isEqualTo(r);
        assertThat(back.finite()).isFalse();
    }

    /** Four bytes a value and little more: no per-value framing. */
    @Test
    void theArraysTravelAsTheirBytes() throws Exception {
        RoundStart s = new RoundStart(floats(1_000_000, 4), floats(2_000_000, 5), 1, 0, 0, 1, 1L);
        assertThat(serialize(s).length).isBetween(12_000_000, 12_100_000);
    }

    /** Values of every kind: NaNs with payloads, infinities, signed zeros, subnormals, ordinary ones. */
    private static float[] floats(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = switch (i % 7) {
                case 0 -> Float.intBitsToFloat(0x7fc00000 | rng.nextInt(1 << 20));
                case 1 -> i % 2 == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                case 2 -> -0f;
                case 3 -> Float.MIN_VALUE * (1 + rng.nextInt(1000));
                default -> (float) rng.nextGaussian();
            };
        }
        return a;
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }

    private static byte[] serialize(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T o) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialize(o)))) {
            return (T) in.readObject();
        }
    }
}
