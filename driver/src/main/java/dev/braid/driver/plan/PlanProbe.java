package dev.braid.driver.plan;

import dev.braid.driver.UserError;
import dev.braid.driver.config.BraidConfig;
import dev.braid.driver.config.ConfigBinder;
import dev.braid.driver.io.Fs;
import dev.braid.driver.workload.HeldOutText;
import dev.braid.driver.workload.Workloads;
import dev.braid.worker.data.Vocabulary;
import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.train.Optimizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Measures on this machine what {@link ScalingModel} needs for a character language model's config: its
 * vocabulary (the distinct characters of the first {@link #SAMPLE_CHARS} of {@code data.train}, at most
 * {@code data.vocabulary.maxSize}), a training step of its model at the config's batch shape with the
 * worker's BLAS threads (forward, backward, the optimizer), a task's fixed work on the parameter payload
 * (the model's parameters and state in and out), the driver's deserialising and summing of one worker's
 * result, and a round without training run by Spark (the payload broadcast, read by every task, sent
 * back, summed and averaged): what is left of it after the summing is the job's own cost.
 */
public final class PlanProbe {
    public static final int SAMPLE_CHARS = 2_000_000;

    private PlanProbe() {
    }

    /** What was measured and the model it was measured on. */
    public record Probe(ScalingModel.Measured measured, long parameters, int vocabulary) {
    }

    /**
     * Measures for {@code workers} workers; {@code together} of them train at once on this machine (tasks of
     * local Spark share its cores, so each step is timed with as many training beside it), 1 for workers on
     * machines of their own.
     */
    public static Probe measure(JavaSparkContext sc, Fs fs, BraidConfig cfg, int workers, int together) {
        if (cfg.workload() != BraidConfig.Workload.CHAR_LM) {
            throw new UserError("braid plan measures character language models (workload = char-lm) so far; "
                    + ConfigBinder.lowerName(cfg.workload()) + " is not one yet.");
        }
        Vocabulary vocab = vocabulary(fs, cfg);
        ModelSpec spec = Workloads.of(cfg, new PrintStream(java.io.OutputStream.nullOutputStream()))
                .spec(Map.of("tokens", vocab));
        int threads = BlasThreads.get();
        BlasThreads.set(cfg.worker().blasThreads());
        try {
            int rows = cfg.training().batchSize();
            int steps = cfg.training().seqLength();
            List<Runnable> concurrent = new ArrayList<>();
            for (int i = 0; i < together; i++) {
                concurrent.add(step(spec, cfg, batch(rows, steps, vocab.size(), cfg.seed() + i)));
            }
            double step = stepSeconds(concurrent);
            StackModel model = spec.build(Precision.FLOAT);
            int size = model.layout().size();
            Optimizer optimizer = new Optimizer(cfg.optimizer().toSpec(0), model.kernels(), size);
            float[] payload = new float[size + optimizer.stateSize()];
            double task = median(5, () -> {
                model.params().setAll(Arrays.copyOf(payload, size));
                model.params().toFloatArray();
                if (optimizer.stateSize() > 0) {
                    optimizer.state().setAll(Arrays.copyOfRange(payload, size, payload.length));
                    optimizer.state().toFloatArray();
                }
            });
            double aggregate = median(5, () -> {
                float[] result = deserialize(serialize(payload));
                double[] sum = new double[result.length];
                for (int r = 0; r < result.length; r++) {
                    sum[r] += result[r];
                }
            });
            // a round without training, as Spark runs one: the payload broadcast, read by every task, sent back
            // by each, summed in order and averaged on the driver
            double empty = median(7, () -> emptyRound(sc, payload, workers));
            double job = Math.max(0, empty - workers * aggregate);
            return new Probe(new ScalingModel.Measured(step, (double) rows * steps, 4L * payload.length, task, job,
                    aggregate), size, vocab.size());
        } finally {
            BlasThreads.set(threads);
        }
    }

    private static void emptyRound(JavaSparkContext sc, float[] payload, int workers) {
        org.apache.spark.broadcast.Broadcast<float[]> b = sc.broadcast(payload);
        List<float[]> results = sc.parallelize(range(workers), workers).map(i -> b.value().clone()).collect();
        double[] sum = new double[payload.length];
        for (float[] r : results) {
            for (int i = 0; i < r.length; i++) {
                sum[i] += r[i];
            }
        }
        float[] averaged = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            averaged[i] = (float) (sum[i] / workers);
        }
        b.destroy();
    }

    private static Vocabulary vocabulary(Fs fs, BraidConfig cfg) {
        String text = HeldOutText.read(fs, cfg.data().train(), SAMPLE_CHARS);
        TreeSet<String> chars = new TreeSet<>();
        text.codePoints().forEach(c -> chars.add(new String(Character.toChars(c))));
        List<String> symbols = new ArrayList<>(Vocabulary.SPECIALS);
        for (String c : chars) {
            if (symbols.size() >= cfg.data().vocabulary().maxSize()) {
                break;
            }
            symbols.add(c);
        }
        return new Vocabulary(symbols);
    }

    private static Batch batch(int rows, int steps, int vocabulary, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = rows * steps;
        int[] in = new int[n];
        int[] out = new int[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            in[i] = 4 + rng.nextInt(vocabulary - 4);
            out[i] = 4 + rng.nextInt(vocabulary - 4);
            w[i] = 1;
        }
        return Batch.stream(rows, steps, in, out, w, null);
    }

    private static final long WARM_UP_NANOS = 4_000_000_000L;

    /** One training step of a fresh model of {@code spec} on {@code batch}: forward, backward, the optimizer. */
    private static Runnable step(ModelSpec spec, BraidConfig cfg, Batch batch) {
        StackModel model = spec.build(Precision.FLOAT);
        model.initParams(cfg.seed());
        Optimizer optimizer = new Optimizer(cfg.optimizer().toSpec(0), model.kernels(), model.layout().size());
        model.resetState(batch.rows());
        SplittableRandom rng = new SplittableRandom(1);
        long[] it = {0};
        return () -> {
            model.kernels().fill(model.grads(), 0, model.layout().size(), 0);
            model.forwardBackward(batch, rng);
            optimizer.step(model.params(), model.grads(), it[0]++);
        };
    }

    /**
     * Seconds per step of the slowest of {@code steps} run side by side (a round waits for its slowest task),
     * after 4 s of warm-up: the median of 5 blocks in which each runs at least 2 steps and 0.5 s.
     */
    private static double stepSeconds(List<Runnable> steps) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(steps.size());
        try {
            // the Vector API's kernels run interpreted until C2 compiles them: warm up for seconds, not steps
            block(pool, steps, WARM_UP_NANOS);
            double[] blocks = new double[5];
            for (int b = 0; b < blocks.length; b++) {
                blocks[b] = block(pool, steps, 500_000_000L);
            }
            return median(blocks);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs every step loop for at least {@code nanos} (and 2 steps) at once; the slowest loop's seconds per step. */
    private static double block(java.util.concurrent.ExecutorService pool, List<Runnable> steps, long nanos) {
        List<java.util.concurrent.Future<Double>> timed = new ArrayList<>();
        for (Runnable step : steps) {
            timed.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                int n = 0;
                while (n < 2 || System.nanoTime() - t0 < nanos) {
                    step.run();
                    n++;
                }
                return (System.nanoTime() - t0) / 1e9 / n;
            }));
        }
        double slowest = 0;
        try {
            for (java.util.concurrent.Future<Double> f : timed) {
                slowest = Math.max(slowest, f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing training steps", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a timed training step failed: " + e.getCause(), e.getCause());
        }
        return slowest;
    }

    private static double median(int times, Runnable r) {
        r.run();
        double[] t = new double[times];
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        return median(t);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static byte[] serialize(float[] values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4 * values.length + 64);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static float[] deserialize(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (float[]) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
