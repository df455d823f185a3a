package dev.braid.bench;

import dev.braid.worker.kernel.BlasThreads;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.PipelinedModel;
import dev.braid.worker.model.Pipelines;
import dev.braid.worker.model.SequenceModel;
import dev.braid.worker.pipeline.PipelineRunner;
import dev.braid.worker.pipeline.Placement;
import dev.braid.worker.pipeline.Schedule;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.train.Optimizer;
import dev.braid.worker.train.OptimizerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Model-parallel pipeline on the CPU, in one JVM: a 4-layer LSTM language model (vocabulary 96,
 * embedding {@value #EMBEDDING}, H = {@value #H}, dropout 0; B = {@value #B} rows, T = {@value #T} steps, stateful,
 * Adam) trained whole on one core and on two cores, and split into two stages
 * {@code [embed, rnn0, rnn1] | [rnn2, rnn3, out]} on devices 0 and 1, each stage a host thread with
 * single-threaded OpenBLAS (on the CPU a "device" is a thread), for the gpipe, 1f1b and wavefront
 * schedules at M = 2, 4, 8 micro-batches (rows for gpipe and 1f1b, time chunks for wavefront).
 * H = 256 because one whole step then takes about 0.5 s on one core of the 2-core reference VM
 * (H = 384: about 1.1 s).
 *
 * <p>Every configuration's model is built and warmed up first ({@value #WARMUP} steps); then the
 * configurations are timed in alternation, {@value #REPEATS} rounds of {@value #STEPS} steps each,
 * and each figure is the median of the rounds, so that the machine's drift hits them all alike and
 * ratios come from one run. A step is what training does: zero the gradients, forward and backward,
 * one Adam update. Per stage the suite reports the runner's busy time, the measured bubble
 * ({@code 1 - sum(busy) / (K * wall)}, which counts stage imbalance as idle time too) beside the
 * balanced pipeline's {@code (K-1)/(M+K-1)}, the values the stage's kernels allocated (its activation
 * and work buffers, its layers' carried states and the messages it sends) and the activation sets it
 * holds. The unsplit rows' memory is what the whole model allocated beyond its parameters, gradients
 * and Adam moments.
 */
final class PipelineSuite {
    static final int V = 96;
    /** As wide as the hidden layers, so that the two stages' layers cost the same. */
    static final int EMBEDDING = 256;
    static final int H = 256;
    static final int LAYERS = 4;
    static final int B = 64;
    static final int T = 50;
    static final int WARMUP = 2;
    static final int REPEATS = 3;
    static final int STEPS = 4;
    static final int[] MICRO = {2, 4, 8};
    static final int TARGET_MICRO = 8;
    static final double TARGET_SPEEDUP = 1.6;
    static final double TARGET_BUBBLE_POINTS = 5;
    static final List<List<String>> STAGES = List.of(List.of("embed", "rnn0", "rnn1"), List.of("rnn2", "rnn3", "out"));
    static final Schedule[] SCHEDULES = {Schedule.GPIPE, Schedule.ONE_F_ONE_B, Schedule.WAVEFRONT};
    static final OptimizerSpec ADAM = new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.002, 0.9, 0.999, 1e-8, 1.0);
    static final LanguageModelSpec SPEC = new LanguageModelSpec(V, EMBEDDING, CellType.LSTM, H, LAYERS, 0.0);
    /** Distinct consecutive segments of each row's token stream; training cycles through them. */
    static final int SEGMENTS = 4;

    /** One configuration: its model, optimizer and the figures of each timed round. */
    private static final class Config {
        final String run;
        final Schedule schedule;
        final int micro;
        final int blasThreads;
        final SequenceModel<Batch> model;
        final Optimizer optimizer;
        final SplittableRandom rng = new SplittableRandom(5);
        final double[] seconds = new double[REPEATS];
        final double[][] busy = new double[2][REPEATS];
        final double[] bubble = new double[REPEATS];
        long step;
        long wholeValues;

        @SuppressWarnings("unchecked")
        Config(String run, Schedule schedule, int micro, int blasThreads) {
            this.run = run;
            this.schedule = schedule;
            this.micro = micro;
            this.blasThreads = blasThreads;
            Placement placement = schedule == null ? Placement.none()
                    : new Placement(STAGES, List.of(0, 1), micro, schedule);
            this.model = Pipelines.build(SPEC.stack(), placement, Precision.FLOAT);
            model.initParams(1);
            this.optimizer = new Optimizer(ADAM, model.kernels(), model.layout().size());
        }

        PipelinedModel pipelined() {
            return model instanceof PipelinedModel p ? p : null;
        }

        void train(Batch[] batches, int steps) {
            int n = model.layout().size();
            for (int i = 0; i < steps; i++) {
                model.kernels().fill(model.grads(), 0, n, 0);
                model.forwardBackward(batches[(int) (step % batches.length)], rng);
                optimizer.step(model.params(), model.grads(), step);
                step++;
            }
        }

        /** The carried state is set up once; then warm-up steps, which also allocate every activation buffer. */
        void warmUp(Batch[] batches) {
            BlasThreads.set(blasThreads);
            long before = model.kernels().allocatedValues();
            model.resetState(B);
            train(batches, WARMUP);
            wholeValues = model.kernels().allocatedValues() - before;
        }

        void timeRound(Batch[] batches, int round) {
            BlasThreads.set(blasThreads);
            PipelineRunner runner = pipelined() == null ? null : pipelined().runner();
            if (runner != null) {
                runner.resetTimes();
            }
            long t0 = System.nanoTime();
            train(batches, STEPS);
            seconds[round] = (System.nanoTime() - t0) / 1e9 / STEPS;
            if (runner != null) {
                for (int s = 0; s < 2; s++) {
                    busy[s][round] = runner.busyNanos(s) / 1e9 / STEPS;
                }
                bubble[round] = runner.bubble();
            }
        }

        /** What the model's own kernels allocated in warm-up: an unsplit model's activations (a split one's: none). */
        long wholeValues() {
            return wholeValues;
        }
    }

    Section run() {
        long start = System.nanoTime();
        int threadsBefore = BlasThreads.get();
        Batch[] batches = batches(new SplittableRandom(11));
        List<Config> configs = new ArrayList<>();
        try {
            configs.add(new Config("unsplit, 1 core", null, 1, 1));
            configs.add(new Config("unsplit, 2 cores", null, 1, 2));
            for (Schedule schedule : SCHEDULES) {
                for (int m : MICRO) {
                    configs.add(new Config("2 stages, 2 threads", schedule, m, 1));
                }
            }
            for (Config c : configs) {
                c.warmUp(batches);
            }
            for (int round = 0; round < REPEATS; round++) {
                for (Config c : configs) {
                    c.timeRound(batches, round);
                }
            }
        } finally {
            for (Config c : configs) {
                if (c.pipelined() != null) {
                    c.pipelined().close();
                }
            }
            BlasThreads.set(threadsBefore);
        }
        return section(configs, (System.nanoTime() - start) / 1e9);
    }

    private static Section section(List<Config> configs, double elapsed) {
        double base = Stats.median(configs.get(0).seconds);
        List<String> md = new ArrayList<>();
        md.add("| run | schedule | M | ms/step | tokens/s | speedup vs unsplit 1 core | busy ms/step s0 / s1 "
                + "| bubble measured | bubble (K-1)/(M+K-1) | difference (points) | activation MiB s0 / s1 "
                + "| activation sets s0 / s1 |");
        md.add("|---|---|---|---|---|---|---|---|---|---|---|---|");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Config c : configs) {
            double sec = Stats.median(c.seconds);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("run", c.run);
            row.put("schedule", c.schedule == null ? "none" : name(c.schedule));
            row.put("microBatches", c.micro);
            row.put("blasThreads", c.blasThreads);
            row.put("secondsPerStep", sec);
            row.put("tokensPerSecond", B * T / sec);
            row.put("speedupVsUnsplitOneCore", base / sec);
            row.put("samplesSecondsPerStep", c.seconds);
            PipelinedModel p = c.pipelined();
            if (p == null) {
                row.put("activationMiB", List.of(mib(c.wholeValues())));
                md.add(String.format(Locale.ROOT, "| %s | — | — | %.0f | %,.0f | %.2fx | — | — | — | — | %.1f | 1 |",
                        c.run, sec * 1e3, B * T / sec, base / sec, mib(c.wholeValues())));
            } else {
                double[] busy = {Stats.median(c.busy[0]), Stats.median(c.busy[1])};
                double bubble = Stats.median(c.bubble);
                double ideal = Schedule.idealBubble(2, c.micro);
                double[] act = {mib(p.stageValues(0)), mib(p.stageValues(1))};
                int[] sets = {p.stageReplicas(0), p.stageReplicas(1)};
                row.put("busySecondsPerStep", busy);
                row.put("bubble", bubble);
                row.put("idealBubble", ideal);
                row.put("bubbleDifferencePoints", 100 * (bubble - ideal));
                row.put("samplesBubble", c.bubble);
                row.put("activationMiB", act);
                row.put("activationSets", sets);
                row.put("wholeModelWarmUpMiB", mib(c.wholeValues()));
                md.add(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %,.0f | %.2fx | %.0f / %.0f | %.1f%% | %.1f%% "
                                + "| %+.1f | %.1f / %.1f | %d / %d |", c.run, name(c.schedule), c.micro, sec * 1e3,
                        B * T / sec, base / sec, busy[0] * 1e3, busy[1] * 1e3, 100 * bubble, 100 * ideal,
                        100 * (bubble - ideal), act[0], act[1], sets[0], sets[1]));
            }
            rows.add(row);
        }
        md.add("");
        List<String> verdicts = new ArrayList<>();
        Map<String, Object> met = new LinkedHashMap<>();
        for (Schedule schedule : SCHEDULES) {
            Map<String, Object> row = rows.stream().filter(r -> name(schedule).equals(r.get("schedule"))
                    && (int) r.get("microBatches") == TARGET_MICRO).findFirst().orElseThrow();
            double speedup = (double) row.get("speedupVsUnsplitOneCore");
            double points = (double) row.get("bubbleDifferencePoints");
            boolean fast = speedup >= TARGET_SPEEDUP;
            boolean bubbleOk = Math.abs(points) <= TARGET_BUBBLE_POINTS;
            met.put(name(schedule), Map.of("speedup", speedup, "bubbleDifferencePoints", points, "speedupMet", fast,
                    "bubbleMet", bubbleOk, "met", fast && bubbleOk));
            verdicts.add(String.format(Locale.ROOT, "%s %s (%.2fx, bubble %+.1f points)", name(schedule),
                    fast && bubbleOk ? "meets it" : fast ? "misses the bubble part"
                            : bubbleOk ? "misses the speedup part" : "misses both parts", speedup, points));
        }
        md.add(String.format(Locale.ROOT, "Target: the 2-stage pipeline on 2 cores at M = %d reaches >= %.1fx the unsplit "
                + "model's tokens/s on 1 core, with a measured bubble within %.0f points of (K-1)/(M+K-1). In this run: %s. "
                + "The unsplit model on 2 cores (2 BLAS threads) reaches %.2fx.", TARGET_MICRO, TARGET_SPEEDUP,
                TARGET_BUBBLE_POINTS, String.join("; ", verdicts),
                base / Stats.median(configs.get(1).seconds)));
        md.add("");
        md.add(String.format(Locale.ROOT, "Model: LSTM language model, vocabulary %d, embedding %d, %d layers of %d, "
                + "dropout 0; B = %d rows, T = %d steps, random tokens, state carried across steps; Adam (lr 0.002, "
                + "clip 1.0) included in each step. Stages [embed, rnn0, rnn1] | [rnn2, rnn3, out], one thread each, "
                + "1 BLAS thread. M: micro-batches of B/M rows (gpipe, 1f1b) or T/M-step time chunks of all rows "
                + "(wavefront). Each figure is the median of %d rounds of %d steps, all configurations timed in "
                + "alternation after %d warm-up steps. Busy time is the stage thread's time inside forward and backward "
                + "(time the OS takes the core away counts as busy); the measured bubble also counts the stages' "
                + "imbalance as idle time. Activation memory: values allocated by the stage's kernels, 4 bytes each; "
                + "unsplit: the model's allocations beyond parameters, gradients and Adam moments. Suite time %.0f s.",
                V, EMBEDDING, LAYERS, H, B, T, REPEATS, STEPS, WARMUP, elapsed));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rows", rows);
        data.put("target", Map.of("microBatches", TARGET_MICRO, "speedup", TARGET_SPEEDUP, "bubblePoints",
                TARGET_BUBBLE_POINTS, "bySchedule", met));
        data.put("model", Map.of("vocabulary", V, "embedding", EMBEDDING, "hidden", H, "layers", LAYERS, "rows", B,
                "steps", T, "stages", STAGES));
        data.put("suiteSeconds", elapsed);
        return new Section("pipeline", "Model-parallel pipeline, 2 stages on 2 cores vs the unsplit model", md, data);
    }

    /** The schedule as the configuration spells it. */
    static String name(Schedule schedule) {
        return switch (schedule) {
            case GPIPE -> "gpipe";
            case ONE_F_ONE_B -> "1f1b";
            case WAVEFRONT -> "wavefront";
        };
    }

    private static double mib(long values) {
        return values * 4.0 / (1 << 20);
    }

    /**
     * {@value #SEGMENTS} consecutive segments of B random token streams: row b of segment i holds steps
     * {@code [i*T, (i+1)*T)} of stream b, each target the stream's next token (time-major, as Batch).
     */
    static Batch[] batches(SplittableRandom rng) {
        int[][] streams = new int[B][SEGMENTS * T + 1];
        for (int[] s : streams) {
            for (int i = 0; i < s.length; i++) {
                s[i] = rng.nextInt(V);
            }
        }
        Batch[] out = new Batch[SEGMENTS];
        for (int seg = 0; seg < SEGMENTS; seg++) {
            int[] in = new int[B * T];
            int[] tg = new int[B * T];
            float[] w = new float[B * T];
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < B; b++) {
                    in[t * B + b] = streams[b][seg * T + t];
                    tg[t * B + b] = streams[b][seg * T + t + 1];
                    w[t * B + b] = 1f;
                }
            }
            out[seg] = Batch.stream(B, T, in, tg, w, null);
        }
        return out;
    }
}
