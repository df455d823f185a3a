package dev.braid.driver.io;

import dev.braid.driver.UserError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The binary form of a float array: magic {@code BRDF}, little-endian int count, little-endian floats. */
public final class FloatArrays {
    private static final int MAGIC = 0x46445242; // "BRDF" little-endian

    private FloatArrays() {
    }

    public static byte[] encode(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(8 + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC).putInt(values.length);
        buf.asFloatBuffer().put(values);
        return buf.array();
    }

    public static float[] decode(byte[] bytes, String what) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 8 || buf.getInt() != MAGIC) {
            throw new UserError(what + " is not a Braid array file (bad header). Was it written by another program?");
        }
        int n = buf.getInt();
        if (bytes.length != 8 + 4L * n) {
            throw new UserError(what + " is truncated: header says " + n + " values, file holds " + (bytes.length - 8) / 4 + ".");
        }
        float[] out = new float[n];
        buf.asFloatBuffer().get(out);
        return out;
    }
}
