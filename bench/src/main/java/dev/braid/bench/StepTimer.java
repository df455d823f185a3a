package dev.braid.bench;

import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.worker.model.SequenceModel;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.seq2seq.AttentionType;
import dev.braid.worker.train.Optimizer;
import dev.braid.worker.train.OptimizerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One training step of the two models Braid was born with, timed in this JVM: the language model of
 * {@code scripts/bench step} (2-layer LSTM, input 64, T = 50, softmax over 64) at H x B, and the G2P
 * encoder-decoder of {@code conf/g2p-cmudict.conf} (embedding 128, bidirectional 2 x 256 encoder,
 * 2 x 256 decoder, Luong attention, dropout 0.1, label smoothing 0.1) on 128 pairs of 4-9 symbols.
 * Prints {@code name ms/step} per case. {@code scripts/ab-step REV} runs this class from two builds
 * in alternation (a same-run A/B of a change against the commit before it): it is written against
 * each revision's model API, with the same shapes, data and seeds.
 *
 * <p>{@code StepTimer [seconds per case] [case ...]} (default 20 seconds, every case but the
 * translation-size {@code mt-s2s-b48}, which only {@code scripts/bench seq2seq} names): a case alone in
 * its JVM is timed as it runs in production, where an executor trains one model; after other cases
 * the JIT's profiles of the shared classes are theirs. {@code -Dbraid.bench.threads=N} gives BLAS N
 * threads (default 1, an executor's one core).
 */
public final class StepTimer {
    private StepTimer() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        java.util.Set<String> only = new java.util.HashSet<>(java.util.Arrays.asList(args).subList(Math.min(1, args.length),
                args.length));
        BlasThreads.set(Integer.getInteger("braid.bench.threads", 1));
        for (int h : new int[] {256, 512}) {
            for (int b : new int[] {32, 64}) {
                String name = "lm-h" + h + "-b" + b;
                if (only.isEmpty() || only.contains(name)) {
                    report(name, time(lm(h, b), seconds));
                }
            }
        }
        if (only.isEmpty()) {
            only.add(Seq2SeqCase.G2P.name());
        }
        for (String name : only) {
            if (!name.startsWith("lm-")) {
                Seq2SeqCase c = Seq2SeqCase.named(name);
                report(c.name(), time(seq2seq(c), seconds));
            }
        }
    }

    private static void report(String name, double secondsPerStep) {
        System.out.printf(Locale.ROOT, "%s %.3f%n", name, secondsPerStep * 1e3);
    }

    /** Seconds per step: the median of 5 timed blocks after a warm-up block, each {@code total / 6} long. */
    private static double time(Runnable step, double total) {
        double block = total / 6;
        double[] perStep = new double[5];
        for (int rep = -1; rep < perStep.length; rep++) {
            long t0 = System.nanoTime();
            int n = 0;
            while (n < 2 || System.nanoTime() - t0 < block * 1e9) {
                step.run();
                n++;
            }
            if (rep >= 0) {
                perStep[rep] = (System.nanoTime() - t0) / 1e9 / n;
            }
        }
        return Stats.median(perStep);
    }

    static <B> Runnable steps(SequenceModel<B> m, B batch) {
        m.initParams(1);
        Optimizer opt = new Optimizer(new OptimizerSpec(OptimizerSpec.Kind.ADAM, 1e-3, 0.9, 0.999, 1e-8, 1.0),
                m.kernels(), m.layout().size());
        SplittableRandom rng = new SplittableRandom(2);
        long[] it = {0};
        return () -> {
            m.kernels().fill(m.grads(), 0, m.layout().size(), 0);
            m.forwardBackward(batch, rng);
            opt.step(m.params(), m.grads(), it[0]++);
        };
    }

    private static Runnable lm(int h, int b) {
        int v = 64;
        SplittableRandom rng = new SplittableRandom(3);
        int n = 50 * b;
        int[] in = new int[n];
        int[] out = new int[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            in[i] = 4 + rng.nextInt(v - 4);
            out[i] = 4 + rng.nextInt(v - 4);
            w[i] = 1;
        }
        SequenceModel<Batch> m = new LanguageModelSpec(v, 64, CellType.LSTM, h, 2, 0.0).build(Precision.FLOAT);
        m.resetState(b);
        return steps(m, Batch.stream(b, 50, in, out, w, null));
    }

    /** One training step of the case's encoder-decoder on its batch, Adam with clipping at 1. */
    static Runnable seq2seq(Seq2SeqCase c) {
        return steps(c.stack().build(Precision.FLOAT), c.batch());
    }
}
