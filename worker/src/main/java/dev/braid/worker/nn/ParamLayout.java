package dev.braid.worker.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assigns each named parameter matrix of a model its place in one flat buffer. Layers register their
 * slots while the model is being built; the order of registration fixes the layout, so the same model
 * spec always yields the same layout (parameters can be averaged and checkpointed as plain arrays).
 */
public final class ParamLayout {
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private int size;

    public Slot add(String name, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("parameter " + name + " has shape [" + rows + ", " + cols + "]");
        }
        if (slots.containsKey(name)) {
            throw new IllegalArgumentException("parameter " + name + " registered twice");
        }
        if ((long) size + (long) rows * cols > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("model has more than 2^31 parameters at " + name);
        }
        Slot slot = new Slot(name, size, rows, cols);
        slots.put(name, slot);
        size += slot.length();
        return slot;
    }

    public int size() {
        return size;
    }

    public List<Slot> slots() {
        return Collections.unmodifiableList(new ArrayList<>(slots.values()));
    }

    public Slot slot(String name) {
        Slot s = slots.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no parameter named " + name + "; have " + slots.keySet());
        }
        return s;
    }

    /**
     * Copies every parameter matrix that {@code from} and this layout share by name from {@code src}
     * into {@code dst}, over the rows and columns both shapes have: a vocabulary that grew keeps its old
     * rows (embedding) and columns (output) and leaves the new ones as {@code dst} had them.
     */
    public void transfer(ParamLayout from, float[] src, dev.braid.worker.kernel.Buf dst) {
        for (Slot old : from.slots.values()) {
            Slot now = slots.get(old.name());
            if (now == null) {
                continue;
            }
            int cols = Math.min(old.cols(), now.cols());
            // a row at a time: on a device buffer one transfer per row, not one per value
            for (int r = 0; r < Math.min(old.rows(), now.rows()); r++) {
                dst.write(now.offset() + r * now.cols(), src, old.offset() + r * old.cols(), cols);
            }
        }
        dst.modified();
    }
}
