package dev.braid.worker.golden;

import dev.braid.worker.infer.DecodeOptions;
import dev.braid.worker.infer.Hypothesis;
import dev.braid.worker.infer.Translator;
import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.LanguageModelSpec;
import dev.braid.worker.model.Batch;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.model.Pipelines;
import dev.braid.worker.model.StackModel;
import dev.braid.worker.model.Seq2SeqSpec;
import dev.braid.worker.model.SequenceModel;
import dev.braid.worker.model.StepLoss;
import dev.braid.worker.nn.Slot;
import dev.braid.worker.pipeline.Placement;
import dev.braid.worker.pipeline.Schedule;
import dev.braid.worker.random.Seeds;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.seq2seq.AttentionType;
import dev.braid.worker.train.Optimizer;
import dev.braid.worker.train.OptimizerSpec;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes down what Braid's two model kinds compute, as text, so that a refactor can be checked
 * against the code before it bit for bit (the record in {@code golden/worker-record.txt} was written
 * by the code before the layer-stack refactor). For a grid of language-model and encoder-decoder
 * specs, in float and double, whole and under each pipeline schedule: the parameter layout, the loss
 * bits of 5 Adam steps (dropout masks from the training seeds, carried state with document resets,
 * padded rows), the loss of a held-out batch, and hashes of the parameters, optimizer state and
 * exported state after them; for encoder-decoders also greedy and beam-3 decodes with their score bits.
 *
 * <p>The cases and what is recorded are fixed; only the calls that build specs and batches follow the
 * API they are written in.
 */
public final class GoldenRecord {
    private static final OptimizerSpec ADAM = new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.02, 0.9, 0.999, 1e-8, 1.0);
    private static final int STEPS = 5;
    private static final int LM_VOCAB = 11;
    private static final int SRC_VOCAB = 13;
    private static final int TGT_VOCAB = 12;

    private GoldenRecord() {
    }

    /** The whole record, one line per fact. */
    public static String write() {
        StringBuilder out = new StringBuilder();
        for (Lm c : lmCases()) {
            out.append(layout(c.name(), c.spec().stack()));
            for (Precision p : Precision.values()) {
                out.append(lm(c, p, Placement.none(), "whole"));
            }
            if (c.spec().layers() >= 2) {
                for (Schedule s : Schedule.values()) {
                    for (Precision p : Precision.values()) {
                        out.append(lm(c, p, lmPlacement(c.spec().layers(), s), s.name().toLowerCase(Locale.ROOT)));
                    }
                }
            }
        }
        for (S2s c : s2sCases()) {
            out.append(layout(c.name(), c.spec().stack()));
            for (Precision p : Precision.values()) {
                out.append(s2s(c, p, Placement.none(), "whole"));
            }
            if (c.pipelined()) {
                for (Schedule s : List.of(Schedule.GPIPE, Schedule.ONE_F_ONE_B)) {
                    for (Precision p : Precision.values()) {
                        out.append(s2s(c, p, s2sPlacement(c.spec(), s), s.name().toLowerCase(Locale.ROOT)));
                    }
                }
            }
        }
        return out.toString();
    }

    // ---- the cases (fixed) ----

    private record Lm(String name, LanguageModelSpec spec, boolean resets) {
    }

    private record S2s(String name, Seq2SeqSpec spec, boolean pipelined) {
    }

    private static List<Lm> lmCases() {
        List<Lm> cases = new ArrayList<>();
        for (CellType cell : CellType.values()) {
            String c = cell.name().toLowerCase(Locale.ROOT);
            cases.add(new Lm("lm/" + c + "/1x7", new LanguageModelSpec(LM_VOCAB, 5, cell, 7, 1, 0.0), false));
            cases.add(new Lm("lm/" + c + "/2x7-dropout-resets", new LanguageModelSpec(LM_VOCAB, 5, cell, 7, 2, 0.3), true));
            cases.add(new Lm("lm/" + c + "/3x6-resets", new LanguageModelSpec(LM_VOCAB, 4, cell, 6, 3, 0.0), true));
        }
        return cases;
    }

    private static List<S2s> s2sCases() {
        List<S2s> cases = new ArrayList<>();
        for (CellType cell : List.of(CellType.LSTM, CellType.GRU)) {
            String c = cell.name().toLowerCase(Locale.ROOT);
            cases.add(new S2s("s2s/" + c + "/1-1-uni-luong", new Seq2SeqSpec(SRC_VOCAB, TGT_VOCAB, 5, cell, 6, 1, 1, false,
                    AttentionType.LUONG, 0.0, 0.0, false), cell == CellType.LSTM));
            cases.add(new S2s("s2s/" + c + "/2-2-bi-bahdanau-dropout-smooth-reverse", new Seq2SeqSpec(SRC_VOCAB, TGT_VOCAB, 5,
                    cell, 6, 2, 2, true, AttentionType.BAHDANAU, 0.25, 0.1, true), true));
            cases.add(new S2s("s2s/" + c + "/2-1-bi-luong-smooth", new Seq2SeqSpec(SRC_VOCAB, TGT_VOCAB, 4, cell, 5, 2, 1, true,
                    AttentionType.LUONG, 0.0, 0.1, false), false));
            cases.add(new S2s("s2s/" + c + "/1-2-uni-bahdanau-dropout-reverse", new Seq2SeqSpec(SRC_VOCAB, TGT_VOCAB, 4, cell,
                    5, 1, 2, false, AttentionType.BAHDANAU, 0.2, 0.0, true), cell == CellType.GRU));
        }
        cases.add(new S2s("s2s/rnn_tanh/1-1-bi-luong", new Seq2SeqSpec(SRC_VOCAB, TGT_VOCAB, 4, CellType.RNN_TANH, 5, 1, 1,
                true, AttentionType.LUONG, 0.0, 0.0, false), false));
        return cases;
    }

    private static Placement lmPlacement(int layers, Schedule schedule) {
        List<String> units = LanguageModelSpec.layerNames(layers).names();
        return new Placement(List.of(units.subList(0, 2), units.subList(2, units.size())), List.of(0, 1),
                schedule == Schedule.WAVEFRONT ? 3 : 2, schedule);
    }

    private static Placement s2sPlacement(Seq2SeqSpec spec, Schedule schedule) {
        List<String> units = spec.stack().units();
        int split = units.indexOf("tgt");
        return new Placement(List.of(units.subList(0, split), units.subList(split, units.size())), List.of(0, 1), 2,
                schedule);
    }

    // ---- the data (fixed) ----

    private static Batch lmBatch(int rows, int steps, boolean resets, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = rows * steps;
        int[] in = new int[n];
        int[] out = new int[n];
        float[] w = new float[n];
        float[] keep = resets ? new float[n] : null;
        for (int i = 0; i < n; i++) {
            in[i] = rng.nextInt(LM_VOCAB);
            out[i] = rng.nextInt(LM_VOCAB);
            w[i] = rng.nextInt(5) == 0 ? 0f : 1f;
            if (keep != null) {
                keep[i] = rng.nextInt(4) == 0 ? 0f : 1f;
            }
        }
        return Batch.stream(rows, steps, in, out, w, keep);
    }

    private static List<int[]> sequences(SplittableRandom rng, int count, int maxLength, int vocab) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] s = new int[1 + rng.nextInt(maxLength)];
            for (int t = 0; t < s.length; t++) {
                s[t] = 4 + rng.nextInt(vocab - 4);
            }
            out.add(s);
        }
        return out;
    }

    private static Batch s2sBatch(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return Batch.pairs(sequences(rng, 4, 6, SRC_VOCAB), sequences(rng, 4, 5, TGT_VOCAB));
    }

    // ---- what is recorded ----

    private static String layout(String name, ModelSpec spec) {
        StringBuilder out = new StringBuilder(name).append(" layout");
        for (Slot s : spec.build(Precision.FLOAT).layout().slots()) {
            out.append(' ').append(s.name()).append('@').append(s.offset()).append('=').append(s.rows()).append('x')
                    .append(s.cols());
        }
        return out.append('\n').toString();
    }

    @SuppressWarnings("unchecked")
    private static String lm(Lm c, Precision p, Placement placement, String how) {
        SequenceModel<Batch> m = (SequenceModel<Batch>) Pipelines.build(c.spec().stack(), placement, p);
        m.initParams(11);
        Optimizer opt = new Optimizer(ADAM, m.kernels(), m.layout().size());
        m.resetState(4);
        StringBuilder out = new StringBuilder(c.name()).append(' ').append(p.name().toLowerCase(Locale.ROOT)).append(' ')
                .append(how).append(" loss");
        long epochSeed = Seeds.dropoutEpoch(5, 0);
        for (int i = 0; i < STEPS; i++) {
            m.kernels().fill(m.grads(), 0, m.layout().size(), 0);
            StepLoss loss = m.forwardBackward(lmBatch(4, 6, c.resets(), 300 + i), Seeds.dropoutStep(epochSeed, 0, i));
            opt.step(m.params(), m.grads(), i, 1.0);
            out.append(' ').append(bits(loss));
        }
        String state = hash(m.exportState());
        StepLoss held = m.score(lmBatch(4, 6, c.resets(), 999));
        out.append(" held ").append(bits(held)).append(" params ").append(hash(m.params())).append(" optimizer ")
                .append(hash(opt.state())).append(" state ").append(state).append(" stateAfterHeld ")
                .append(hash(m.exportState()));
        close(m);
        return out.append('\n').toString();
    }

    @SuppressWarnings("unchecked")
    private static String s2s(S2s c, Precision p, Placement placement, String how) {
        SequenceModel<Batch> m = (SequenceModel<Batch>) Pipelines.build(c.spec().stack(), placement, p);
        m.initParams(13);
        Optimizer opt = new Optimizer(ADAM, m.kernels(), m.layout().size());
        StringBuilder out = new StringBuilder(c.name()).append(' ').append(p.name().toLowerCase(Locale.ROOT)).append(' ')
                .append(how).append(" loss");
        long epochSeed = Seeds.dropoutEpoch(5, 0);
        for (int i = 0; i < STEPS; i++) {
            m.resetState(0);
            m.kernels().fill(m.grads(), 0, m.layout().size(), 0);
            StepLoss loss = m.forwardBackward(s2sBatch(500 + i), Seeds.dropoutStep(epochSeed, 0, i));
            opt.step(m.params(), m.grads(), i, 1.0);
            out.append(' ').append(bits(loss));
        }
        out.append(" held ").append(bits(m.score(s2sBatch(999)))).append(" params ").append(hash(m.params()))
                .append(" optimizer ").append(hash(opt.state())).append(" state ").append(hash(m.exportState()));
        if (placement.stages().isEmpty()) {
            // decoded by the untrained model too: five steps teach it to end early, the untrained one decodes long
            out.append(decodes(c.spec(), p, m.params().toFloatArray()));
            m.initParams(17);
            out.append(" untrained").append(decodes(c.spec(), p, m.params().toFloatArray()));
        }
        close(m);
        return out.append('\n').toString();
    }

    private static String decodes(Seq2SeqSpec spec, Precision p, float[] params) {
        StackModel model = spec.build(p);
        model.params().setAll(params);
        List<int[]> sources = sequences(new SplittableRandom(77), 3, 6, SRC_VOCAB);
        StringBuilder out = new StringBuilder();
        for (int beam : new int[] {1, 3}) {
            out.append(" beam").append(beam);
            for (List<Hypothesis> nbest : new Translator(model, new DecodeOptions(beam, 1, 0.6, 1.5, 2)).translate(sources)) {
                Hypothesis h = nbest.get(0);
                out.append(' ').append(java.util.Arrays.toString(h.tokens()).replace(" ", "")).append(':')
                        .append(Long.toHexString(Double.doubleToLongBits(h.score())));
            }
        }
        return out.toString();
    }

    private static void close(Object model) {
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String bits(StepLoss loss) {
        return Long.toHexString(Double.doubleToLongBits(loss.sum())) + "/" + loss.weight();
    }

    private static String hash(Buf values) {
        ByteBuffer b = ByteBuffer.allocate(values.length() * 8);
        for (int i = 0; i < values.length(); i++) {
            b.putDouble(values.get(i));
        }
        return sha(b.array());
    }

    private static String hash(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4);
        for (float v : values) {
            b.putFloat(v);
        }
        return sha(b.array()) + "/" + values.length;
    }

    private static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
