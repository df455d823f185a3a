package dev.braid.bench;

import dev.braid.worker.kernel.BlasThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where an encoder-decoder training step's time goes: {@code StepProfile CASE SECONDS} runs the case's step
 * (warm for a sixth of the time first) under Java Flight Recorder, sampling the training thread every 10 ms
 * whether it runs Java code (the Vector API kernels) or native code (OpenBLAS), and attributes each sample to
 * the innermost model part on its stack, GEMM or not. Prints {@code part share} lines, shares of the samples.
 * A sampling profile, not an instrumented one: nothing in the step is changed to be measured.
 */
public final class StepProfile {
    /** The model parts, by the class a stack passes through first from the leaf. */
    private static final List<String[]> PARTS = List.of(
            new String[] {"dev.braid.worker.train.Optimizer", "optimizer (Adam, clipping)"},
            new String[] {"dev.braid.worker.seq2seq.Attention", "attention"},
            new String[] {"dev.braid.worker.stack.AttentionUnit", "attention"},
            new String[] {"dev.braid.worker.nn.SoftmaxOutput", "output softmax"},
            new String[] {"dev.braid.worker.stack.SoftmaxHead", "output softmax"},
            new String[] {"dev.braid.worker.nn.Dropout", "dropout"},
            new String[] {"dev.braid.worker.nn.Embedding", "embeddings"},
            new String[] {"dev.braid.worker.stack.EmbeddingLayer", "embeddings"},
            new String[] {"dev.braid.worker.rnn.", "recurrent layers"},
            new String[] {"dev.braid.worker.stack.RecurrentUnit", "recurrent layers (bridge, masks)"},
            new String[] {"dev.braid.worker.stack.BidirectionalUnit", "recurrent layers (bridge, masks)"},
            new String[] {"dev.braid.worker.model.", "model (batch, memory, gradients)"},
            new String[] {"dev.braid.worker.stack.", "model (batch, memory, gradients)"});

    private StepProfile() {
    }

    public static void main(String[] args) throws Exception {
        Seq2SeqCase c = Seq2SeqCase.named(args[0]);
        double seconds = Double.parseDouble(args[1]);
        BlasThreads.set(Integer.getInteger("braid.bench.threads", 1));
        Runnable step = StepTimer.seq2seq(c);
        run(step, seconds / 6);
        Path file = Files.createTempFile("braid-step-profile", ".jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(10));
            r.start();
            run(step, seconds * 5 / 6);
            r.stop();
            r.dump(file);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Integer> leaves = new LinkedHashMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getStackTrace() != null && "main".equals(e.getThread("sampledThread").getJavaName())) {
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                String part = part(frames);
                counts.merge(part, 1, Integer::sum);
                leaves.merge(part + " <- " + leaf(frames), 1, Integer::sum);
                total++;
            }
        }
        Files.delete(file);
        for (Map.Entry<String, Integer> en : counts.entrySet()) {
            System.out.printf(Locale.ROOT, "%s\t%.4f%n", en.getKey(), en.getValue() / (double) total);
        }
        System.out.println("samples\t" + total);
        // the methods under each part, the largest first: where to look
        int n = total;
        leaves.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                .forEach(en -> System.out.printf(Locale.ROOT, "method\t%s\t%.4f%n", en.getKey(), en.getValue() / (double) n));
    }

    private static void run(Runnable step, double seconds) {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < seconds * 1e9) {
            step.run();
        }
    }

    /** The innermost two Braid methods on the stack, where a part spends its time. */
    private static String leaf(List<RecordedFrame> frames) {
        StringBuilder sb = new StringBuilder();
        int found = 0;
        for (RecordedFrame f : frames) {
            String cls = f.getMethod().getType().getName();
            if (cls.startsWith("dev.braid.") && found++ < 2) {
                sb.append(found > 1 ? " <- " : "").append(cls.substring(cls.lastIndexOf('.') + 1)).append('.')
                        .append(f.getMethod().getName());
            }
        }
        return sb.toString();
    }

    /** The innermost model part on the stack (frames run leaf first), split by whether a GEMM is under it. */
    static String part(List<RecordedFrame> frames) {
        boolean gemm = false;
        for (RecordedFrame f : frames) {
            String cls = f.getMethod().getType().getName();
            String method = f.getMethod().getName();
            if (method.contains("gemm") || method.contains("Gemm")) {
                gemm = true;
            }
            for (String[] p : PARTS) {
                if (cls.startsWith(p[0])) {
                    return p[1] + (gemm ? ": GEMMs" : ": other");
                }
            }
        }
        return "outside the model (harness, JIT)";
    }
}
