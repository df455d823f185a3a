package dev.braid.worker.model;

/**
 * Carried states dealt to another number of partitions: the states of {@code P} partitions of {@code B}
 * rows each (global row {@code p*B + r}, the sharder's consecutive order) become those of {@code P'}
 * partitions of {@code B'} rows, {@code P*B = P'*B'}, every row keeping its values. The layout is
 * {@link StackModel#exportState()}'s: per carried unit, per part, all rows in order.
 */
public final class StateRows {
    private StateRows() {
    }

    /**
     * {@code states} (one per partition, {@code rowsBefore} rows each; empty: zero) regrouped into partitions of
     * {@code rowsAfter} rows; all empty in, all empty out (nothing carried yet).
     */
    public static float[][] regroup(int[][] shapes, float[][] states, int rowsBefore, int rowsAfter) {
        long total = (long) states.length * rowsBefore;
        if (rowsAfter <= 0 || total % rowsAfter != 0) {
            throw new IllegalArgumentException(total + " rows cannot be dealt in partitions of " + rowsAfter);
        }
        int partitions = (int) (total / rowsAfter);
        float[][] out = new float[partitions][];
        boolean any = false;
        for (float[] s : states) {
            any |= s.length > 0;
        }
        if (!any) {
            for (int q = 0; q < partitions; q++) {
                out[q] = new float[0];
            }
            return out;
        }
        int perRow = 0;
        for (int[] shape : shapes) {
            perRow += shape[0] * shape[1];
        }
        for (float[] s : states) {
            if (s.length != 0 && s.length != perRow * rowsBefore) {
                throw new IllegalArgumentException("a state of " + s.length + " values is not " + rowsBefore + " rows of "
                        + perRow);
            }
        }
        for (int q = 0; q < partitions; q++) {
            out[q] = new float[perRow * rowsAfter];
        }
        int unitBefore = 0;
        int unitAfter = 0;
        for (int[] shape : shapes) {
            int parts = shape[0];
            int width = shape[1];
            for (int p = 0; p < parts; p++) {
                for (long g = 0; g < total; g++) {
                    float[] from = states[(int) (g / rowsBefore)];
                    if (from.length == 0) {
                        continue; // a partition that carried nothing yet: zeros
                    }
                    int src = unitBefore + (p * rowsBefore + (int) (g % rowsBefore)) * width;
                    int dst = unitAfter + (p * rowsAfter + (int) (g % rowsAfter)) * width;
                    System.arraycopy(from, src, out[(int) (g / rowsAfter)], dst, width);
                }
            }
            unitBefore += parts * rowsBefore * width;
            unitAfter += parts * rowsAfter * width;
        }
        return out;
    }
}
