package dev.braid.worker.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.StackModel;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A softmax trained on a shortlist: the loss and gradients of a training step are those of the
 * cross-entropy over the classes below the shortlist and the batch's targets, worked out here in double
 * from the parameters (Jean et al. 2015's batch vocabulary); a shortlist of every class trains as the
 * full softmax; scoring stays over every class.
 */
class SoftmaxShortlistTest {
    private static final int F = 4;
    private static final int V = 11;
    private static final int STEPS = 3;
    private static final int ROWS = 2;
    private static final double SMOOTHING = 0.1;

    private static ModelSpec spec(int shortlist) {
        return ModelSpec.of(List.of(new FeaturesSpec("in", F)),
                new SoftmaxSpec("out", V, SMOOTHING, StepWeights.NONE, shortlist));
    }

    private static Batch batch() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = STEPS * ROWS;
        float[] features = new float[n * F];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) rng.nextGaussian();
        }
        // targets 3, 7, 7, 9, 3, 10: with shortlist 2 the softmax spans {0, 1, 3, 7, 9, 10}
        int[] targets = {3, 7, 7, 9, 3, 10};
        float[] weights = {1, 1, 0, 1, 1, 1};
        return new Batch(ROWS, STEPS, null, features, null, null, 0, null, null, targets, null, weights);
    }

    private static StackModel model(int shortlist, Precision precision) {
        StackModel m = spec(shortlist).build(precision);
        m.initParams(17);
        SplittableRandom rng = new SplittableRandom(18);
        for (var slot : m.layout().slots()) {
            for (int i = 0; i < slot.length(); i++) {
                m.params().set(slot.offset() + i, rng.nextGaussian() * 0.5);
            }
        }
        m.kernels().fill(m.grads(), 0, m.layout().size(), 0);
        m.resetState(ROWS);
        return m;
    }

    @Test
    void aTrainingStepIsTheCrossEntropyOverTheShortlistAndTheBatchTargets() {
        StackModel m = model(2, Precision.DOUBLE);
        Batch b = batch();
        double loss = m.forwardBackward(b, new SplittableRandom(1)).mean();

        TreeSet<Integer> listed = new TreeSet<>(List.of(0, 1));
        for (int t : b.targets()) {
            listed.add(t);
        }
        int[] ids = listed.stream().mapToInt(Integer::intValue).toArray();
        int wOff = m.layout().slot("out.W").offset();
        int bOff = m.layout().slot("out.b").offset();
        double[][] dW = new double[F][V];
        double[] db = new double[V];
        double sum = 0;
        double weight = 0;
        for (int r = 0; r < b.targets().length; r++) {
            double[] z = new double[ids.length];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < ids.length; j++) {
                z[j] = m.params().get(bOff + ids[j]);
                for (int i = 0; i < F; i++) {
                    z[j] += b.features()[r * F + i] * m.params().get(wOff + i * V + ids[j]);
                }
                max = Math.max(max, z[j]);
            }
            double norm = 0;
            for (double v : z) {
                norm += Math.exp(v - max);
            }
            double logSum = max + Math.log(norm);
            double w = b.weights()[r];
            double rowLoss = 0;
            for (int j = 0; j < ids.length; j++) {
                double q = SMOOTHING / ids.length + (ids[j] == b.targets()[r] ? 1 - SMOOTHING : 0);
                rowLoss += q * (logSum - z[j]);
                double d = w * (Math.exp(z[j] - logSum) - q);
                db[ids[j]] += d;
                for (int i = 0; i < F; i++) {
                    dW[i][ids[j]] += b.features()[r * F + i] * d;
                }
            }
            sum += w * rowLoss;
            weight += w;
        }
        assertThat(loss).isCloseTo(sum / weight, within(1e-12));
        for (int c = 0; c < V; c++) {
            boolean inList = listed.contains(c);
            assertThat(m.grads().get(bOff + c)).as("bias gradient of class %d (listed: %s)", c, inList)
                    .isCloseTo(db[c] / weight, within(1e-12));
            for (int i = 0; i < F; i++) {
                assertThat(m.grads().get(wOff + i * V + c)).as("W[%d, %d]", i, c).isCloseTo(dW[i][c] / weight, within(1e-12));
            }
        }
        assertThat(m.grads().get(bOff + 2)).as("a class neither frequent nor a target gets no gradient").isZero();
    }

    @Test
    void aShortlistOfEveryClassTrainsAsTheFullSoftmax() {
        for (Precision p : Precision.values()) {
            StackModel full = model(0, p);
            StackModel all = model(V, p);
            double a = full.forwardBackward(batch(), new SplittableRandom(1)).mean();
            double b = all.forwardBackward(batch(), new SplittableRandom(1)).mean();
            assertThat(b).as("%s loss", p).isCloseTo(a, within(1e-6 * Math.abs(a)));
            for (int i = 0; i < full.layout().size(); i++) {
                assertThat(all.grads().get(i)).as("%s gradient %d", p, i).isCloseTo(full.grads().get(i), within(1e-6));
            }
        }
    }

    @Test
    void scoringUsesEveryClass() {
        StackModel full = model(0, Precision.FLOAT);
        StackModel listed = model(2, Precision.FLOAT);
        assertThat(listed.score(batch()).mean()).isEqualTo(full.score(batch()).mean());
        assertThat(listed.forwardBackward(batch(), new SplittableRandom(1)).mean())
                .as("the shortlist's training loss leaves out classes, so it is lower")
                .isLessThan(full.forwardBackward(batch(), new SplittableRandom(1)).mean());
    }

    @Test
    void resumingWithAnotherShortlistIsTheSameArchitecture() {
        assertThat(spec(0).sameArchitecture(spec(500))).isTrue();
        assertThat(spec(0)).isNotEqualTo(spec(500));
    }
}
