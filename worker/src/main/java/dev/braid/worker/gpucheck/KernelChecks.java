package dev.braid.worker.gpucheck;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Every {@link Kernels} method on two kernel sets (the GPU's and the CPU's) from the same random
 * inputs: each check runs an operation on both and compares every output buffer and returned value.
 */
final class KernelChecks {
    /** One comparison: its name, the largest difference relative to max(1, |CPU value|), and whether it passed. */
    record Result(String name, double maxError, boolean passed) {
    }

    private static final double TOLERANCE = 1e-4;

    private final Kernels gpu;
    private final Kernels cpu;
    private final List<Result> results = new ArrayList<>();

    KernelChecks(Kernels gpu, Kernels cpu) {
        this.gpu = gpu;
        this.cpu = cpu;
    }

    /** An operation run on one kernel set over buffers made from the same host arrays; returns the outputs to compare. */
    private interface Op {
        double[] run(Kernels k, Inputs in);
    }

    /** Host arrays turned into buffers of one kernel set. */
    static final class Inputs {
        private final Kernels k;
        private final List<Buf> made = new ArrayList<>();

        Inputs(Kernels k) {
            this.k = k;
        }

        Buf buf(float[] values) {
            Buf b = k.alloc(values.length);
            b.write(0, values, 0, values.length);
            made.add(b);
            return b;
        }
    }

    private void check(String name, Op op) {
        try {
            double[] a = op.run(gpu, new Inputs(gpu));
            if (gpu instanceof dev.braid.worker.kernel.CudaKernels) {
                dev.braid.worker.kernel.CudaKernels.synchronizeDevice();
            }
            double[] b = op.run(cpu, new Inputs(cpu));
            double err = 0;
            for (int i = 0; i < b.length; i++) {
                double d = Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i]));
                err = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(err, d);
            }
            results.add(new Result(name, err, err <= TOLERANCE));
        } catch (RuntimeException | Error e) {
            // one failed check is recorded and the others still run (an OutOfMemoryError, a device fault)
            results.add(new Result(name + " (" + e + ")", Double.POSITIVE_INFINITY, false));
        }
    }

    private static float[] rand(long seed, int n, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }

    private static double[] out(Buf... bufs) {
        int n = 0;
        for (Buf b : bufs) {
            n += b.length();
        }
        double[] o = new double[n];
        int p = 0;
        for (Buf b : bufs) {
            for (float v : b.toFloatArray()) {
                o[p++] = v;
            }
        }
        return o;
    }

    private static double[] with(double value, double[] rest) {
        double[] o = new double[rest.length + 1];
        o[0] = value;
        System.arraycopy(rest, 0, o, 1, rest.length);
        return o;
    }

    private void unary(String name, int n, BiFunction<Kernels, Buf[], Double> body) {
        check(name, (k, in) -> {
            Buf x = in.buf(rand(1, n, 2));
            Buf y = in.buf(rand(2, n, 2));
            Double v = body.apply(k, new Buf[] {x, y});
            return with(v == null ? 0 : v, out(x, y));
        });
    }

    List<Result> runAll() {
        int[][] shapes = {{7, 33, 19}, {128, 512, 256}, {64, 4096, 1024}};
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int m = s[0], n = s[1], kk = s[2];
                    check("gemm " + m + "x" + n + "x" + kk + (ta ? " A^T" : "") + (tb ? " B^T" : ""), (k, in) -> {
                        Buf a = in.buf(rand(3, m * kk, 1));
                        Buf b = in.buf(rand(4, kk * n, 1));
                        Buf c = in.buf(rand(5, m * n, 1));
                        k.gemm(ta, tb, m, n, kk, 0.7, a, 0, b, 0, 0.3, c, 0);
                        return out(c);
                    });
                }
            }
        }
        int n = 1000;
        unary("fill", n, (k, b) -> { k.fill(b[0], 3, n - 5, 0.25); return null; });
        unary("copy", n, (k, b) -> { k.copy(b[0], 1, b[1], 7, n - 9); return null; });
        unary("add", n, (k, b) -> { k.add(b[0], 0, b[1], 2, b[1], 2, n - 2); return null; });
        unary("mul", n, (k, b) -> { k.mul(b[0], 1, b[1], 0, n - 1); return null; });
        unary("scale", n, (k, b) -> { k.scale(b[0], 0, n, -1.5); return null; });
        unary("sumSquares", 100_000, (k, b) -> k.sumSquares(b[0], 3, 99_000));
        unary("dot", 100_000, (k, b) -> k.dot(b[0], 0, b[1], 5, 99_990));
        unary("axpy", n, (k, b) -> { k.axpy(0.3, b[0], 0, b[1], 0, n); return null; });
        unary("tanh", n, (k, b) -> { k.tanh(b[0], 0, b[1], 0, n); return null; });
        unary("tanhBackward", n, (k, b) -> { k.tanhBackward(b[0], 0, b[1], 0, b[1], 0, n); return null; });
        unary("addRowVector", 40 * 25, (k, b) -> { k.addRowVector(b[0], 0, 39, 25, b[1], 100); return null; });
        unary("addColumnSums", 40 * 25, (k, b) -> { k.addColumnSums(b[0], 5, 30, 10, 25, b[1], 0); return null; });
        unary("scaleRows", 40 * 25, (k, b) -> { k.scaleRows(b[0], 0, 40, 25, rand(6, 40, 1), 0); return null; });
        int[] ids = {3, 1, 3, 0, 7, 3, 1};
        unary("gatherRows", 8 * 13, (k, b) -> { k.gatherRows(b[0], 0, 13, ids, ids.length, b[1], 0); return null; });
        unary("scatterAddRows", 8 * 13, (k, b) -> { k.scatterAddRows(b[0], 0, 13, ids, ids.length, b[1], 0); return null; });
        unary("softmaxCrossEntropy", 50 * 97, (k, b) -> k.softmaxCrossEntropy(b[0], 0, 50, 97, targets(50, 97),
                weights(50), 0.1, 0.02, b[1], 0));
        unary("logSoftmax", 50 * 97, (k, b) -> { k.logSoftmax(b[0], 0, 50, 97, b[1], 0); return null; });
        unary("softmax", 50 * 97, (k, b) -> { k.softmax(b[0], 0, 50, 97, 0.8, b[1], 0); return null; });
        unary("softmaxRowsMasked", 50 * 97, (k, b) -> { k.softmaxRowsMasked(b[0], 0, 50, 97, targets(50, 97), 0); return null; });
        unary("softmaxBackward", 50 * 97, (k, b) -> { k.softmaxBackward(b[0], 0, b[1], 0, b[1], 0, 50, 97); return null; });
        cells();
        unary("adam", 2 * 5000, (k, b) -> {
            Buf state = k.alloc(2 * 5000);
            k.adam(b[0], b[1], state, 5000, 0.002, 0.9, 0.999, 1e-8);
            k.adam(b[0], b[1], state, 5000, 0.002, 0.9, 0.999, 1e-8);
            return state.toFloatArray()[4999] * 1.0;
        });
        unary("sgd", n, (k, b) -> { k.sgd(b[0], b[1], n, 0.1); return null; });
        return results;
    }

    private static int[] targets(int rows, int cols) {
        int[] t = new int[rows];
        for (int r = 0; r < rows; r++) {
            t[r] = 1 + (r * 31) % (cols - 1);
        }
        return t;
    }

    private static float[] weights(int rows) {
        float[] w = new float[rows];
        for (int r = 0; r < rows; r++) {
            w[r] = r % 5 == 0 ? 0 : 1;
        }
        return w;
    }

    private void cells() {
        int b = 64;
        int h = 257;
        check("lstmForward + lstmBackward", (k, in) -> {
            Buf g = in.buf(rand(7, b * 4 * h, 2));
            Buf r = in.buf(rand(8, b * 4 * h, 2));
            Buf cp = in.buf(rand(9, b * h, 1));
            Buf c = k.alloc(b * h);
            Buf tc = k.alloc(b * h);
            Buf hh = k.alloc(b * h);
            k.lstmForward(g, 0, r, 0, cp, 0, c, 0, tc, 0, hh, 0, b, h);
            Buf dh = in.buf(rand(10, b * h, 1));
            Buf dc = in.buf(rand(11, b * h, 1));
            Buf dg = k.alloc(b * 4 * h);
            k.lstmBackward(g, 0, cp, 0, tc, 0, dh, 0, dc, 0, dg, 0, b, h);
            return out(g, c, tc, hh, dc, dg);
        });
        check("gruForward + gruBackward", (k, in) -> {
            Buf p = in.buf(rand(12, b * 3 * h, 2));
            Buf r = in.buf(rand(13, b * 3 * h, 2));
            Buf bhn = in.buf(rand(14, h, 0.5));
            Buf hp = in.buf(rand(15, b * h, 1));
            Buf hh = k.alloc(b * h);
            k.gruForward(p, 0, r, 0, bhn, 0, hp, 0, hh, 0, b, h);
            Buf dh = in.buf(rand(16, b * h, 1));
            Buf dp = k.alloc(b * 3 * h);
            Buf dr = k.alloc(b * 3 * h);
            Buf dhp = k.alloc(b * h);
            k.gruBackward(p, 0, r, 0, hp, 0, dh, 0, dp, 0, dr, 0, dhp, 0, b, h);
            return out(p, r, hh, dp, dr, dhp);
        });
        for (boolean relu : new boolean[] {false, true}) {
            check("rnnForward + rnnBackward" + (relu ? " relu" : " tanh"), (k, in) -> {
                Buf p = in.buf(rand(17, b * h, 2));
                Buf r = in.buf(rand(18, b * h, 2));
                Buf hh = k.alloc(b * h);
                k.rnnForward(p, 0, r, 0, hh, 0, b, h, relu);
                Buf dh = in.buf(rand(19, b * h, 1));
                Buf dp = k.alloc(b * h);
                k.rnnBackward(hh, 0, dh, 0, dp, 0, b, h, relu);
                return out(hh, dp);
            });
        }
    }
}
