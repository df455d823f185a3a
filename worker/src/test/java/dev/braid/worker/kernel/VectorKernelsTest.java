package dev.braid.worker.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.LmFixtures;
import dev.braid.worker.model.StepLoss;
import dev.braid.worker.rnn.CellType;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast float kernels against the double reference kernels (which the gradient checks validate):
 * the same model, parameters, state and batch must give the same loss, gradients and final state up to
 * float round-off. Hidden sizes 21 and 37 exercise the masked row tails, 32 the full vectors.
 */
class VectorKernelsTest {

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (CellType cell : CellType.values()) {
            for (int hidden : new int[] {21, 32, 37}) {
                b.add(Arguments.of(cell, hidden));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} hidden={1}")
    @MethodSource("cases")
    void floatModelMatchesDoubleModel(CellType cell, int hidden) {
        LanguageModelSpec spec = new LanguageModelSpec(19, 9, cell, hidden, 2, 0.0);
        StackModel f = spec.build(Precision.FLOAT);
        StackModel d = spec.build(Precision.DOUBLE);
        f.initParams(5);
        d.initParams(5);
        Batch batch = LmFixtures.randomBatch(5, 6, 19, true, true, 6);
        f.resetState(5);
        float[] state = LmFixtures.randomState(f.exportState().length, 7);
        f.importState(state, 5);
        d.importState(state, 5);
        StepLoss lf = f.forwardBackward(batch, new SplittableRandom(1));
        StepLoss ld = d.forwardBackward(batch, new SplittableRandom(1));

        assertThat(lf.sum()).isCloseTo(ld.sum(), within(1e-4 * Math.abs(ld.sum())));
        assertClose(f.exportState(), d.exportState(), 1e-5);
        assertClose(f.grads().toFloatArray(), d.grads().toFloatArray(), 2e-4);
    }

    /**
     * GEMM for every transpose combination, at offsets, on shapes on both sides of the rule that
     * computes few-row products transposed (m = 3, 32, 128, 200 against n = 16..300).
     */
    @Test
    void gemmMatchesForEveryTransposeAndShape() {
        Kernels f = Precision.FLOAT.newKernels();
        Kernels d = Precision.DOUBLE.newKernels();
        SplittableRandom rng = new SplittableRandom(8);
        int[][] shapes = {{3, 16, 7}, {32, 300, 40}, {32, 70, 33}, {128, 256, 20}, {200, 64, 9}};
        for (int[] s : shapes) {
            for (int mode = 0; mode < 8; mode++) {
                boolean ta = (mode & 1) != 0, tb = (mode & 2) != 0;
                double beta = (mode & 4) != 0 ? 0.5 : 0;
                int m = s[0], n = s[1], k = s[2], off = 3;
                Buf[] fb = {f.alloc(off + m * k), f.alloc(off + k * n), f.alloc(off + m * n)};
                Buf[] db = {d.alloc(off + m * k), d.alloc(off + k * n), d.alloc(off + m * n)};
                for (int b = 0; b < 3; b++) {
                    for (int i = 0; i < fb[b].length(); i++) {
                        double v = rng.nextDouble() - 0.5;
                        fb[b].set(i, v);
                        db[b].set(i, v);
                    }
                }
                f.gemm(ta, tb, m, n, k, 0.7, fb[0], off, fb[1], off, beta, fb[2], off);
                d.gemm(ta, tb, m, n, k, 0.7, db[0], off, db[1], off, beta, db[2], off);
                assertClose(fb[2].toFloatArray(), db[2].toFloatArray(), 1e-5);
            }
        }
    }

    @Test
    void softmaxWithTemperatureMatches() {
        Kernels f = Precision.FLOAT.newKernels();
        Kernels d = Precision.DOUBLE.newKernels();
        int rows = 3, cols = 29;
        Buf zf = f.alloc(rows * cols), zd = d.alloc(rows * cols);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < rows * cols; i++) {
            double v = rng.nextDouble() * 8 - 4;
            zf.set(i, v);
            zd.set(i, v);
        }
        Buf of = f.alloc(rows * cols), od = d.alloc(rows * cols);
        f.softmax(zf, 0, rows, cols, 0.7, of, 0);
        d.softmax(zd, 0, rows, cols, 0.7, od, 0);
        assertClose(of.toFloatArray(), od.toFloatArray(), 1e-5);
    }

    @Test
    void adamMatches() {
        Kernels f = Precision.FLOAT.newKernels();
        Kernels d = Precision.DOUBLE.newKernels();
        int n = 53;
        Buf[] fb = {f.alloc(n), f.alloc(n), f.alloc(2 * n)};
        Buf[] db = {d.alloc(n), d.alloc(n), d.alloc(2 * n)};
        SplittableRandom rng = new SplittableRandom(4);
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < fb[b].length(); i++) {
                double v = b == 2 ? rng.nextDouble() : rng.nextDouble() - 0.5;
                fb[b].set(i, v);
                db[b].set(i, v);
            }
        }
        f.adam(fb[0], fb[1], fb[2], n, 0.01, 0.9, 0.999, 1e-8);
        d.adam(db[0], db[1], db[2], n, 0.01, 0.9, 0.999, 1e-8);
        assertClose(fb[0].toFloatArray(), db[0].toFloatArray(), 1e-6);
        assertClose(fb[2].toFloatArray(), db[2].toFloatArray(), 1e-6);
    }

    /** The kernels' own exp against Math.exp over the range the cells use: within 2 ulp of float. */
    @Test
    void expIsAccurateOverTheUsedRange() {
        int n = 16001;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (-80 + 0.01 * i);
        }
        VectorKernels.exp(x, 0, 1f, 0f, y, 0, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.exp(x[i]);
            worst = Math.max(worst, Math.abs(y[i] - e) / e);
        }
        assertThat(worst).isLessThan(2.5e-7);
    }

    /** Max absolute difference, relative to the largest magnitude in {@code expected}. */
    static void assertClose(float[] actual, float[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        double scale = 1e-12;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
        }
        assertThat(worst).isLessThan(tolerance);
    }
}
