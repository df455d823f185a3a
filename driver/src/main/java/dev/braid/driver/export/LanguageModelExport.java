package dev.braid.driver.export;

import dev.braid.driver.UserError;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.nn.ParamLayout;
import dev.braid.worker.nn.Slot;
import dev.braid.worker.rnn.CellType;
import dev.braid.worker.stack.DropoutSpec;
import dev.braid.worker.stack.EmbeddingSpec;
import dev.braid.worker.stack.LayerSpec;
import dev.braid.worker.stack.RecurrentSpec;
import dev.braid.worker.stack.SoftmaxSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A language model (embedding, LSTM or GRU layers, dropout, a softmax head) as one ONNX graph with
 * standard operators: {@code tokens [steps, batch]} (int64) and each recurrent layer's initial state in,
 * {@code logits [steps, batch, vocabulary]} and each layer's final state out — so a runtime can score a
 * text or generate from it, carrying the state as Braid does. Dropout is the identity at inference.
 * Braid's gate orders ({@code [i f o g]}, GRU {@code [r z n]} with its own {@code b_hn}) are reordered to
 * ONNX's ({@code [i o f c]}, {@code [z r h]} with {@code linear_before_reset = 1}).
 */
public final class LanguageModelExport {
    private static final int[] LSTM_GATES = {0, 2, 1, 3};
    private static final int[] GRU_GATES = {1, 0, 2};

    private LanguageModelExport() {
    }

    /** The ONNX model of {@code spec} with parameters {@code params}; a layer ONNX export does not know is refused. */
    public static byte[] onnx(ModelSpec spec, float[] params, String producerVersion) {
        if (spec.encoderUnits() > 0) {
            throw new UserError("This model is an encoder-decoder; `braid export` writes language models (an embedding, "
                    + "LSTM/GRU layers and a softmax) so far.");
        }
        if (!(spec.head() instanceof SoftmaxSpec head)) {
            throw new UserError("This model's head is a " + spec.head().getClass().getSimpleName() + "; ONNX export "
                    + "writes language models with a softmax head so far.");
        }
        ParamLayout layout = spec.build(Precision.FLOAT).layout();
        OnnxGraph g = new OnnxGraph("braid-language-model");
        g.input("tokens", OnnxGraph.INT64, "steps", "batch");
        g.initializer("squeeze_axes", new long[] {1}, 1);
        String x = null;
        int width = 0;
        List<String[]> outputs = new ArrayList<>();
        for (LayerSpec l : spec.stack()) {
            if (l instanceof EmbeddingSpec e && x == null && !e.reverse()) {
                g.initializer(e.name() + ".E", values(layout.slot(e.name() + ".E"), params), e.vocabulary(), e.dim());
                g.node("Gather", List.of(e.name() + ".E", "tokens"), List.of(e.name()));
                x = e.name();
                width = e.dim();
            } else if (l instanceof RecurrentSpec r && x != null && !r.peephole()
                    && (r.cell() == CellType.LSTM || r.cell() == CellType.GRU)) {
                x = recurrent(g, r, layout, params, x, width, outputs);
                width = r.hidden();
            } else if (!(l instanceof DropoutSpec) || x == null) {
                throw new UserError("Layer '" + l.name() + "' (" + l.getClass().getSimpleName().replace("Spec", "")
                        + ") has no ONNX export: `braid export` writes a first embedding (not reversed), LSTM (without "
                        + "peepholes) and GRU layers, dropout and a softmax head.");
            }
        }
        Slot w = layout.slot(head.name() + ".W");
        Slot b = layout.slot(head.name() + ".b");
        int classes = w.cols();
        g.initializer(head.name() + ".W", values(w, params), width, classes);
        g.initializer(head.name() + ".b", values(b, params), classes);
        g.node("MatMul", List.of(x, head.name() + ".W"), List.of("projected"));
        g.node("Add", List.of("projected", head.name() + ".b"), List.of("logits"));
        g.output("logits", OnnxGraph.FLOAT, "steps", "batch", classes);
        for (String[] o : outputs) {
            g.output(o[0], OnnxGraph.FLOAT, 1, "batch", Integer.parseInt(o[1]));
        }
        return g.model("braid", producerVersion);
    }

    /** One LSTM or GRU node over {@code x} [steps, batch, width]; returns its output [steps, batch, hidden]. */
    private static String recurrent(OnnxGraph g, RecurrentSpec r, ParamLayout layout, float[] params, String x, int width,
                                    List<String[]> outputs) {
        String scope = r.scope() == null ? r.name() : r.scope();
        int h = r.hidden();
        boolean lstm = r.cell() == CellType.LSTM;
        int[] order = lstm ? LSTM_GATES : GRU_GATES;
        int gates = order.length;
        float[] wIn = values(layout.slot(scope + ".W"), params);
        float[] wRec = values(layout.slot(scope + ".U"), params);
        float[] bias = values(layout.slot(scope + ".b"), params);
        float[] bhn = lstm ? null : values(layout.slot(scope + ".bhn"), params);
        g.initializer(r.name() + ".W", transposedGates(wIn, width, h, order), 1, (long) gates * h, width);
        g.initializer(r.name() + ".R", transposedGates(wRec, h, h, order), 1, (long) gates * h, h);
        float[] b = new float[2 * gates * h];
        for (int og = 0; og < gates; og++) {
            System.arraycopy(bias, order[og] * h, b, og * h, h);
        }
        if (!lstm) {
            // the hidden bias of the candidate: ONNX's Rb_h, applied inside the reset gate as Braid's b_hn is
            System.arraycopy(bhn, 0, b, (gates + 2) * h, h);
        }
        g.initializer(r.name() + ".B", b, 1, (long) 2 * gates * h);
        List<String> in = new ArrayList<>(List.of(x, r.name() + ".W", r.name() + ".R", r.name() + ".B", "",
                "h0_" + r.name()));
        List<String> out = new ArrayList<>(List.of(r.name() + ".Y", "h_" + r.name()));
        g.input("h0_" + r.name(), OnnxGraph.FLOAT, 1, "batch", h);
        outputs.add(new String[] {"h_" + r.name(), Integer.toString(h)});
        if (lstm) {
            in.add("c0_" + r.name());
            out.add("c_" + r.name());
            g.input("c0_" + r.name(), OnnxGraph.FLOAT, 1, "batch", h);
            outputs.add(new String[] {"c_" + r.name(), Integer.toString(h)});
            g.node("LSTM", in, out, OnnxGraph.intAttribute("hidden_size", h));
        } else {
            g.node("GRU", in, out, OnnxGraph.intAttribute("hidden_size", h),
                    OnnxGraph.intAttribute("linear_before_reset", 1));
        }
        g.node("Squeeze", List.of(r.name() + ".Y", "squeeze_axes"), List.of(r.name()));
        return r.name();
    }

    /** Braid's {@code [in, gates*h]} (gates in Braid's order) as ONNX's {@code [gates*h, in]} in ONNX's order. */
    private static float[] transposedGates(float[] w, int in, int h, int[] order) {
        int gates = order.length;
        float[] out = new float[gates * h * in];
        for (int og = 0; og < gates; og++) {
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < in; i++) {
                    out[(og * h + j) * in + i] = w[i * gates * h + order[og] * h + j];
                }
            }
        }
        return out;
    }

    private static float[] values(Slot s, float[] params) {
        float[] v = new float[s.length()];
        System.arraycopy(params, s.offset(), v, 0, v.length);
        return v;
    }
}
