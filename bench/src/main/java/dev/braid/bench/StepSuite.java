package dev.braid.bench;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.Batch;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.train.Optimizer;
import dev.braid.worker.train.OptimizerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The recurrent training step in one JVM: a 2-layer LSTM (input 64, T=50, Adam, softmax over 64
 * classes) for H in {256, 512} and B in {32, 64}. Reports tokens/s and achieved GFLOP/s (the GEMM
 * FLOPs of forward and backward), beside OpenBLAS sgemm timed in the same run on exactly the GEMM
 * shapes one step performs (the step's attainable rate), DL4J's LSTM layer on the same shapes, and
 * PyTorch where installed. The machine's speed drifts by tens of percent over minutes, so Braid and
 * its peers are measured in alternation, {@value #REPEATS} times, and each figure is the median.
 */
final class StepSuite {
    static final int REPEATS = 3;
    static final int T = 50;
    static final int N_IN = 64;
    static final int V = 64;

    /** A GEMM shape of the step, {@code count} times per step. */
    record Gemm(int m, int n, int k, boolean ta, boolean tb, int count) {
        double flops() {
            return 2.0 * m * n * k * count;
        }
    }

    static List<Gemm> stepGemms(int h, int b) {
        List<Gemm> g = new ArrayList<>();
        int tb = T * b;
        for (int layer = 0; layer < 2; layer++) {
            int in = layer == 0 ? N_IN : h;
            g.add(new Gemm(tb, 4 * h, in, false, false, 1));
            g.add(new Gemm(b, 4 * h, h, false, false, T));
            g.add(new Gemm(in, 4 * h, tb, true, false, 1));
            g.add(new Gemm(h, 4 * h, tb, true, false, 1));
            g.add(new Gemm(tb, in, 4 * h, false, true, 1));
            g.add(new Gemm(b, h, 4 * h, false, true, T - 1));
        }
        g.add(new Gemm(tb, V, h, false, false, 1));
        g.add(new Gemm(h, V, tb, true, false, 1));
        g.add(new Gemm(tb, h, V, false, true, 1));
        return g;
    }

    private final PyTorchSuite torch;

    StepSuite(PyTorchSuite torch) {
        this.torch = torch;
    }

    Section run() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> md = new ArrayList<>();
        md.add("| H | B | Braid ms/step | tokens/s | GFLOP/s | same-shape sgemm GFLOP/s | % of sgemm | DL4J ms/step | Braid / DL4J speed |");
        md.add("|---|---|---|---|---|---|---|---|---|");
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean withTorch = torch.available();
        for (int h : new int[] {256, 512}) {
            for (int b : new int[] {32, 64}) {
                double flops = stepGemms(h, b).stream().mapToDouble(Gemm::flops).sum();
                double[][] t = new double[4][REPEATS];
                for (int rep = 0; rep < REPEATS; rep++) {
                    BlasThreads.set(cores);
                    t[0][rep] = braidStep(h, b);
                    t[1][rep] = sgemmSeconds(stepGemms(h, b));
                    t[2][rep] = dl4jStep(h, b);
                    t[3][rep] = withTorch ? torch.torchStep(h, b) : Double.NaN;
                }
                double braid = Stats.median(t[0]);
                double ideal = Stats.median(t[1]);
                double dl4j = Stats.median(t[2]);
                double gf = flops / braid / 1e9;
                double sg = flops / ideal / 1e9;
                md.add(String.format(Locale.ROOT, "| %d | %d | %.1f | %,.0f | %.1f | %.1f | %.0f%% | %.1f | %.2fx |", h, b,
                        braid * 1e3, T * b / braid, gf, sg, 100 * gf / sg, dl4j * 1e3, dl4j / braid));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("hidden", h);
                row.put("batch", b);
                row.put("braidSeconds", braid);
                row.put("tokensPerSecond", T * b / braid);
                row.put("gflops", gf);
                row.put("sameShapeSgemmGflops", sg);
                row.put("fractionOfSgemm", gf / sg);
                row.put("dl4jSeconds", dl4j);
                row.put("pytorchSeconds", Stats.median(t[3]));
                row.put("samples", t);
                rows.add(row);
            }
        }
        double big = squareSgemm(1024);
        md.add("");
        md.add(String.format(Locale.ROOT, "Square sgemm n=1024 in the same run: %.1f GFLOP/s (%d threads). FLOPs counted: "
                + "the GEMMs of forward and backward (%s per step at H=512, B=64).", big, cores,
                String.format(Locale.ROOT, "%.1f GFLOP", stepGemms(512, 64).stream().mapToDouble(Gemm::flops).sum() / 1e9)));
        return new Section("step", "Recurrent training step (one JVM, " + cores + " BLAS threads)", md,
                Map.of("rows", rows, "squareSgemm1024Gflops", big));
    }

    private static double braidStep(int h, int b) {
        StackModel m = new LanguageModelSpec(V, N_IN, CellType.LSTM, h, 2, 0.0).build(Precision.FLOAT);
        m.initParams(1);
        Optimizer opt = new Optimizer(new OptimizerSpec(OptimizerSpec.Kind.ADAM, 1e-3, 0.9, 0.999, 1e-8, 0),
                m.kernels(), m.layout().size());
        SplittableRandom rng = new SplittableRandom(2);
        int n = T * b;
        int[] in = new int[n];
        int[] out = new int[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            in[i] = 4 + rng.nextInt(V - 4);
            out[i] = 4 + rng.nextInt(V - 4);
            w[i] = 1;
        }
        Batch batch = Batch.stream(b, T, in, out, w, null);
        m.resetState(b);
        long[] it = {0};
        return Stats.medianSeconds(8, 15, () -> {
            m.kernels().fill(m.grads(), 0, m.layout().size(), 0);
            m.forwardBackward(batch, rng);
            opt.step(m.params(), m.grads(), it[0]++);
        });
    }

    /** Seconds one step's GEMMs take as plain OpenBLAS sgemm calls on native buffers. */
    static double sgemmSeconds(List<Gemm> gemms) {
        double total = 0;
        for (Gemm g : gemms) {
            FloatPointer a = filled((long) g.m() * g.k());
            FloatPointer bb = filled((long) g.k() * g.n());
            FloatPointer c = filled((long) g.m() * g.n());
            double t = Stats.medianSeconds(3, 9, () -> openblas_nolapack.cblas_sgemm(CblasRowMajor,
                    g.ta() ? CblasTrans : CblasNoTrans, g.tb() ? CblasTrans : CblasNoTrans, g.m(), g.n(), g.k(), 1f, a,
                    g.ta() ? g.m() : g.k(), bb, g.tb() ? g.k() : g.n(), 0f, c, g.n()));
            total += t * g.count();
            a.close();
            bb.close();
            c.close();
        }
        return total;
    }

    static double squareSgemm(int n) {
        return 2.0 * n * n * n / sgemmSeconds(List.of(new Gemm(n, n, n, false, false, 1))) / 1e9 * 1;
    }

    private static FloatPointer filled(long n) {
        FloatPointer p = new FloatPointer(n);
        float[] v = new float[(int) n];
        Arrays.fill(v, 0.01f);
        p.put(v);
        return p;
    }

    /** DL4J's step, timed in a fresh JVM so that nothing of Braid's run (BLAS settings, JIT, heap) touches it. */
    private static double dl4jStep(int h, int b) {
        try {
            Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx4g", "-cp",
                    System.getProperty("java.class.path"), Dl4jStep.class.getName(), "" + h, "" + b)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("DL4J step failed: " + out);
            }
            return Double.parseDouble(out.lines().reduce((x, y) -> y).orElseThrow());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The DL4J peer: MultiLayerNetwork with two LSTM layers and an RNN softmax output, the same shapes. */
    static final class Dl4jStep {
        public static void main(String[] args) {
            int h = Integer.parseInt(args[0]);
            int b = Integer.parseInt(args[1]);
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                    .updater(new Adam(1e-3)).list()
                    .layer(new LSTM.Builder().nIn(N_IN).nOut(h).activation(Activation.TANH).build())
                    .layer(new LSTM.Builder().nIn(h).nOut(h).activation(Activation.TANH).build())
                    .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                            .nIn(h).nOut(V).build())
                    .build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            INDArray features = Nd4j.rand(DataType.FLOAT, b, N_IN, T);
            INDArray labels = Nd4j.zeros(DataType.FLOAT, b, V, T);
            SplittableRandom rng = new SplittableRandom(3);
            for (int i = 0; i < b; i++) {
                for (int t = 0; t < T; t++) {
                    labels.putScalar(new int[] {i, rng.nextInt(V), t}, 1f);
                }
            }
            System.out.println(Stats.medianSeconds(5, 10, () -> net.fit(features, labels)));
        }
    }
}
