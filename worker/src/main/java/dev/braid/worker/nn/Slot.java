package dev.braid.worker.nn;

/**
 * One named parameter matrix inside a model's flat buffer: {@code rows x cols} values in row-major
 * order starting at {@code offset}.
 */
public record Slot(String name, int offset, int rows, int cols) {

    public int length() {
        return rows * cols;
    }
}
