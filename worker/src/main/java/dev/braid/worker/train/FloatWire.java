package dev.braid.worker.train;

import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Float arrays as a round moves them (parameters, optimizer moments): their bytes copied in bulk, 64 KiB at a
 * time, little-endian. Java serialization writes a {@code float[]} value by value (a conversion and a
 * bounds-checked store per float); a round of the translation model moves 127 MB three times, and that
 * conversion was a visible part of it. The bits are the array's own either way.
 */
final class FloatWire {
    private static final int CHUNK_FLOATS = 16 * 1024;

    private FloatWire() {
    }

    static void write(ObjectOutput out, float[] a) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        byte[] bytes = new byte[4 * Math.min(CHUNK_FLOATS, a.length)];
        FloatBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int off = 0; off < a.length; off += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, a.length - off);
            view.clear();
            view.put(a, off, n);
            out.write(bytes, 0, 4 * n);
        }
    }

    static float[] read(ObjectInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        float[] a = new float[length];
        byte[] bytes = new byte[4 * Math.min(CHUNK_FLOATS, length)];
        FloatBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int off = 0; off < length; off += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, length - off);
            in.readFully(bytes, 0, 4 * n);
            view.clear();
            view.get(a, off, n);
        }
        return a;
    }
}
