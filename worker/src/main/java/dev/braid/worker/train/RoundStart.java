package dev.braid.worker.train;

import java.io.Serializable;

/**
 * Where every partition's round starts (the broadcast part): parameters, optimizer state, the global
 * iteration count, the epoch and the batch range to train, the round's seed for dropout masks, and the
 * factor on the scheduled learning rate ({@code rateScale}: 1, halved after each divergence rollback), and
 * the update the schedule ends at ({@code plannedUpdates}; 0: the optimizer spec's, from the epochs).
 */
public record RoundStart(float[] params, float[] optimizerState, long iteration, int epoch, int fromBatch,
                         int toBatch, long rngSeed, double rateScale, long plannedUpdates) implements Serializable {

    /** A round on the spec's schedule, at {@code rateScale} times its rate. */
    public RoundStart(float[] params, float[] optimizerState, long iteration, int epoch, int fromBatch, int toBatch,
                      long rngSeed, double rateScale) {
        this(params, optimizerState, iteration, epoch, fromBatch, toBatch, rngSeed, rateScale, 0);
    }

    /** A round at the scheduled learning rate. */
    public RoundStart(float[] params, float[] optimizerState, long iteration, int epoch, int fromBatch, int toBatch,
                      long rngSeed) {
        this(params, optimizerState, iteration, epoch, fromBatch, toBatch, rngSeed, 1.0, 0);
    }

    /** Serialised through {@link Wire}: the arrays' bytes in bulk ({@link FloatWire}). */
    private Object writeReplace() {
        return new Wire(this);
    }

    /** A RoundStart on the wire. */
    private static final class Wire implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient RoundStart start;

        Wire(RoundStart start) {
            this.start = start;
        }

        private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
            FloatWire.write(out, start.params);
            FloatWire.write(out, start.optimizerState);
            out.writeLong(start.iteration);
            out.writeInt(start.epoch);
            out.writeInt(start.fromBatch);
            out.writeInt(start.toBatch);
            out.writeLong(start.rngSeed);
            out.writeDouble(start.rateScale);
            out.writeLong(start.plannedUpdates);
        }

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException {
            start = new RoundStart(FloatWire.read(in), FloatWire.read(in), in.readLong(), in.readInt(), in.readInt(),
                    in.readInt(), in.readLong(), in.readDouble(), in.readLong());
        }

        private Object readResolve() {
            return start;
        }
    }
}
