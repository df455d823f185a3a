package dev.braid.worker.train;

import dev.braid.worker.data.BatchSource;
import dev.braid.worker.kernel.Buf;
import dev.braid.worker.model.SequenceModel;
import dev.braid.worker.model.StepLoss;
import dev.braid.worker.random.Seeds;

/**
 * The training loop, written once for every model: for each batch, zero the gradients, run forward and
 * backward, clip, update. Statefulness is the only switch: a stateful loop carries the model's RNN
 * state from batch to batch (and in and out of the round); a stateless one zeroes it before each batch.
 */
public final class TrainingLoop<B> {
    private final SequenceModel<B> model;
    private final Optimizer optimizer;
    private final boolean stateful;

    public TrainingLoop(SequenceModel<B> model, OptimizerSpec spec, boolean stateful) {
        this.model = model;
        this.optimizer = new Optimizer(spec, model.kernels(), model.layout().size());
        this.stateful = stateful;
    }

    public SequenceModel<B> model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Trains batches {@code [fromBatch, toBatch)} of {@code start.epoch()} from {@code start} and, when
     * stateful, from the partition's carried {@code rnnState} (empty for a zero state).
     */
    public RoundResult run(int partition, RoundStart start, float[] rnnState, BatchSource<B> source) {
        long t0 = System.nanoTime();
        model.params().setAll(start.params());
        if (optimizer.stateSize() > 0) {
            optimizer.state().setAll(start.optimizerState());
        }
        model.importState(stateful ? rnnState : new float[0], source.rows());
        Buf grads = model.grads();
        int n = model.layout().size();
        long iteration = start.iteration();
        double lossSum = 0;
        double weight = 0;
        double normSum = 0;
        // partitions of stateless data may hold fewer batches than the largest one: they train what they have
        int to = Math.min(start.toBatch(), source.batchesPerEpoch(start.epoch()));
        int nonFinite = RoundResult.FINITE;
        int i = start.fromBatch();
        for (; i < to; i++) {
            B batch = source.batch(start.epoch(), i);
            if (!stateful) {
                model.resetState(source.rows());
            }
            model.kernels().fill(grads, 0, n, 0);
            StepLoss loss = model.forwardBackward(batch, Seeds.dropoutStep(start.rngSeed(), partition, i));
            double norm = optimizer.step(model.params(), grads, iteration++, start.rateScale(), start.plannedUpdates());
            lossSum += loss.sum();
            weight += loss.weight();
            normSum += norm;
            if (!Double.isFinite(norm) || !Double.isFinite(loss.sum())) {
                // the driver rolls the round back: training on would only spend time
                nonFinite = i++;
                break;
            }
        }
        float[] optState = optimizer.stateSize() > 0 ? optimizer.state().toFloatArray() : new float[0];
        float[] finalState = stateful ? model.exportState() : new float[0];
        return new RoundResult(partition, model.params().toFloatArray(), optState, finalState, lossSum, weight,
                Math.max(0, i - start.fromBatch()), System.nanoTime() - t0, nonFinite, normSum);
    }

}
