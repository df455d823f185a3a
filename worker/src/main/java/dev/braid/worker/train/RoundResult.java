package dev.braid.worker.train;

import java.io.Serializable;

/**
 * What one partition returns from a round: its parameters, optimizer state and final RNN state, the
 * loss sum and weight of the batches it trained, how long the work took, the first batch whose
 * loss or gradient norm was not finite ({@link #FINITE} when none was; the round stopped there), and
 * the sum of its updates' gradient norms before clipping (the run report plots their mean).
 */
public record RoundResult(int partition, float[] params, float[] optimizerState, float[] rnnState,
                          double lossSum, double weight, int batches, long computeNanos, int nonFiniteBatch,
                          double gradNormSum)
        implements Serializable {
    /** {@link #nonFiniteBatch} of a round whose every loss and gradient was finite. */
    public static final int FINITE = -1;

    public boolean finite() {
        return nonFiniteBatch == FINITE;
    }

    /** Serialised through {@link Wire}: the arrays' bytes in bulk ({@link FloatWire}). */
    private Object writeReplace() {
        return new Wire(this);
    }

    /** A RoundResult on the wire. */
    private static final class Wire implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient RoundResult result;

        Wire(RoundResult result) {
            this.result = result;
        }

        private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
            out.writeInt(result.partition);
            FloatWire.write(out, result.params);
            FloatWire.write(out, result.optimizerState);
            FloatWire.write(out, result.rnnState);
            out.writeDouble(result.lossSum);
            out.writeDouble(result.weight);
            out.writeInt(result.batches);
            out.writeLong(result.computeNanos);
            out.writeInt(result.nonFiniteBatch);
            out.writeDouble(result.gradNormSum);
        }

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException {
            result = new RoundResult(in.readInt(), FloatWire.read(in), FloatWire.read(in), FloatWire.read(in),
                    in.readDouble(), in.readDouble(), in.readInt(), in.readLong(), in.readInt(), in.readDouble());
        }

        private Object readResolve() {
            return result;
        }
    }
}
