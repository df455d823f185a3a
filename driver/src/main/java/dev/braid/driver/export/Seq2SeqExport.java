package dev.braid.driver.export;

import dev.braid.driver.UserError;
import dev.braid.worker.kernel.Precision;
import dev.braid.worker.model.ModelSpec;
import dev.braid.worker.nn.ParamLayout;
import dev.braid.worker.nn.Slot;
import dev.braid.worker.seq2seq.AttentionType;
import dev.braid.worker.stack.AttentionSpec;
import dev.braid.worker.stack.BidirectionalSpec;
import dev.braid.worker.stack.DropoutSpec;
import dev.braid.worker.stack.EmbeddingSpec;
import dev.braid.worker.stack.LayerSpec;
import dev.braid.worker.stack.RecurrentSpec;
import dev.braid.worker.stack.SoftmaxSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * An attention encoder-decoder as two ONNX graphs a runtime decodes with, greedy or beam:
 * <ul>
 * <li>the encoder: {@code source [steps, batch]} (int64) and {@code source_lengths [batch]} (int32) in;
 *     {@code memory [batch, steps, width]}, the attention {@code keys [batch, steps, keyWidth]}, an additive
 *     {@code mask [batch, steps]} (0 at real positions, -1e9 at padding) and each decoder layer's initial
 *     state ({@code h0_<layer>} bridged from the encoder's summary, {@code c0_<layer>} zero) out;</li>
 * <li>one decoder step: {@code token [batch]} (the previous output, {@code <s>} = 1 first), {@code memory},
 *     {@code keys}, {@code mask} and the states in; {@code logits [batch, vocabulary]}, the attention
 *     {@code weights [batch, steps]} and the next states out.</li>
 * </ul>
 * As Braid's model: a (bidirectional) recurrent encoder whose top layer's outputs are the memory, decoder
 * layers started from {@code tanh(W s + b)} of the summary (the forward direction at the last real step,
 * the backward at the first), global attention (Luong {@code h^T W_k e} or Bahdanau
 * {@code v^T tanh(W_q h + W_k e)}), {@code o = tanh(W_c [ctx; h] + b_c)}, a softmax over the target vocabulary.
 */
public final class Seq2SeqExport {
    private Seq2SeqExport() {
    }

    /** The two graphs' bytes. */
    public record Graphs(byte[] encoder, byte[] decoder) {
    }

    public static Graphs onnx(ModelSpec spec, float[] params, String producerVersion) {
        if (!(spec.head() instanceof SoftmaxSpec head)) {
            throw new UserError("This encoder-decoder's head is a " + spec.head().getClass().getSimpleName()
                    + "; ONNX export writes a softmax head.");
        }
        ParamLayout layout = spec.build(Precision.FLOAT).layout();
        List<RecurrentSpec> decoderLayers = new ArrayList<>();
        AttentionSpec attention = null;
        for (LayerSpec l : spec.stack()) {
            if (l instanceof RecurrentSpec r && recurrent(r) != null && r.bridge() != null) {
                decoderLayers.add(r);
            } else if (l instanceof AttentionSpec a && attention == null && !decoderLayers.isEmpty()) {
                attention = a;
            } else if (!(l instanceof DropoutSpec) && !(l instanceof EmbeddingSpec e && l == spec.stack().get(0)
                    && !e.reverse())) {
                throw refused(l);
            }
        }
        if (attention == null || decoderLayers.isEmpty()) {
            throw new UserError("This encoder-decoder has no attention layer after bridged recurrent decoder layers; "
                    + "ONNX export writes attention encoder-decoders.");
        }
        OnnxGraph enc = new OnnxGraph("braid-encoder");
        int width = encoder(spec.encoder(), layout, params, decoderLayers, attention, enc);
        OnnxGraph dec = decoder((EmbeddingSpec) spec.stack().get(0), decoderLayers, attention, head, layout, params, width);
        return new Graphs(enc.model("braid", producerVersion), dec.model("braid", producerVersion));
    }

    private static RecurrentSpec recurrent(LayerSpec l) {
        RecurrentSpec r = l instanceof BidirectionalSpec b ? b.layer() : l instanceof RecurrentSpec s ? s : null;
        return r != null && OnnxRecurrent.exports(r.cell(), r.peephole()) ? r : null;
    }

    private static UserError refused(LayerSpec l) {
        return new UserError("Layer '" + l.name() + "' (" + l.getClass().getSimpleName().replace("Spec", "") + ") has no "
                + "ONNX export: an encoder-decoder exports with a first embedding (not reversed), LSTM (without "
                + "peepholes) or GRU layers (the encoder's bidirectional or not, the decoder's bridged), dropout, one "
                + "attention layer and a softmax head.");
    }

    /** Writes the encoder graph into {@code out}; returns the memory's width. */
    private static int encoder(List<LayerSpec> layers, ParamLayout layout, float[] params, List<RecurrentSpec> decoder,
                               AttentionSpec attention, OnnxGraph out) {
        out.input("source", OnnxGraph.INT64, "steps", "batch");
        out.input("source_lengths", INT32, "batch");
        out.initializer("steps_batch_width", new long[] {0, 0, -1}, 3);
        out.initializer("batch_width", new long[] {0, -1}, 2);
        String x = null;
        int width = 0;
        String summary = null;
        for (LayerSpec l : layers) {
            if (l instanceof EmbeddingSpec e && x == null && !e.reverse()) {
                out.initializer(e.name() + ".E", OnnxRecurrent.values(layout.slot(e.name() + ".E"), params), e.vocabulary(),
                        e.dim());
                out.node("Gather", List.of(e.name() + ".E", "source"), List.of(e.name()));
                x = e.name();
                width = e.dim();
            } else if (x != null && recurrent(l) != null) {
                RecurrentSpec r = recurrent(l);
                List<String> scopes = l instanceof BidirectionalSpec ? List.of(l.name() + ".fwd", l.name() + ".bwd")
                        : List.of(r.scope() == null ? r.name() : r.scope());
                boolean lstm = r.cell() == dev.braid.worker.rnn.CellType.LSTM;
                OnnxRecurrent.node(out, l.name(), r.cell(), scopes, layout, params, width, r.hidden(), x, "source_lengths",
                        "", "", l.name() + ".last", lstm ? l.name() + ".cell" : "");
                // Y [steps, dirs, batch, h] -> [steps, batch, dirs * h]: the directions side by side, forward first
                out.node("Transpose", List.of(l.name() + ".Y"), List.of(l.name() + ".T"),
                        OnnxGraph.intsAttribute("perm", 0, 2, 1, 3));
                out.node("Reshape", List.of(l.name() + ".T", "steps_batch_width"), List.of(l.name()));
                // the summary a bridge reads: each direction's final state (forward at the last real step,
                // backward at the first) side by side
                out.node("Transpose", List.of(l.name() + ".last"), List.of(l.name() + ".lastT"),
                        OnnxGraph.intsAttribute("perm", 1, 0, 2));
                out.node("Reshape", List.of(l.name() + ".lastT", "batch_width"), List.of(l.name() + ".summary"));
                summary = l.name() + ".summary";
                x = l.name();
                width = scopes.size() * r.hidden();
            } else if (!(l instanceof DropoutSpec) || x == null) {
                throw refused(l);
            }
        }
        if (summary == null) {
            throw new UserError("This encoder has no recurrent layer; ONNX export writes recurrent encoders.");
        }
        out.node("Transpose", List.of(x), List.of("memory"), OnnxGraph.intsAttribute("perm", 1, 0, 2));
        out.output("memory", OnnxGraph.FLOAT, "batch", "steps", width);
        Slot wk = layout.slot(attention.name() + ".Wk");
        out.initializer(attention.name() + ".Wk", OnnxRecurrent.values(wk, params), wk.rows(), wk.cols());
        out.node("MatMul", List.of("memory", attention.name() + ".Wk"), List.of("keys"));
        out.output("keys", OnnxGraph.FLOAT, "batch", "steps", wk.cols());
        mask(out);
        out.initializer("zero", new float[] {0f});
        out.initializer("axis0", new long[] {0}, 1);
        for (RecurrentSpec r : decoder) {
            Slot w = layout.slot(r.bridge() + ".W");
            out.initializer(r.bridge() + ".W", OnnxRecurrent.values(w, params), w.rows(), w.cols());
            out.initializer(r.bridge() + ".b", OnnxRecurrent.values(layout.slot(r.bridge() + ".b"), params), w.cols());
            out.node("MatMul", List.of(summary, r.bridge() + ".W"), List.of(r.bridge() + ".Ws"));
            out.node("Add", List.of(r.bridge() + ".Ws", r.bridge() + ".b"), List.of(r.bridge() + ".pre"));
            out.node("Tanh", List.of(r.bridge() + ".pre"), List.of(r.bridge() + ".h"));
            out.node("Unsqueeze", List.of(r.bridge() + ".h", "axis0"), List.of("h0_" + r.name()));
            out.output("h0_" + r.name(), OnnxGraph.FLOAT, 1, "batch", r.hidden());
            if (r.cell() == dev.braid.worker.rnn.CellType.LSTM) {
                out.node("Mul", List.of("h0_" + r.name(), "zero"), List.of("c0_" + r.name()));
                out.output("c0_" + r.name(), OnnxGraph.FLOAT, 1, "batch", r.hidden());
            }
        }
        return width;
    }

    static final int INT32 = 6;

    /** mask [batch, steps]: 0 where a position lies inside its source, -1e9 after it. */
    private static void mask(OnnxGraph g) {
        g.initializer("first", new long[] {0});
        g.initializer("start", new long[] {0});
        g.initializer("step", new long[] {1});
        g.initializer("axis1", new long[] {1}, 1);
        g.initializer("valid_value", new float[] {0f});
        g.initializer("padding_value", new float[] {-1e9f});
        g.node("Shape", List.of("source"), List.of("source_shape"));
        g.node("Gather", List.of("source_shape", "first"), List.of("source_steps"));
        g.node("Range", List.of("start", "source_steps", "step"), List.of("positions"));
        g.node("Cast", List.of("source_lengths"), List.of("lengths64"), OnnxGraph.intAttribute("to", OnnxGraph.INT64));
        g.node("Unsqueeze", List.of("lengths64", "axis1"), List.of("length_column"));
        g.node("Less", List.of("positions", "length_column"), List.of("valid"));
        g.node("Where", List.of("valid", "valid_value", "padding_value"), List.of("mask"));
        g.output("mask", OnnxGraph.FLOAT, "batch", "steps");
    }

    private static OnnxGraph decoder(EmbeddingSpec embedding, List<RecurrentSpec> layers, AttentionSpec attention,
                                     SoftmaxSpec head, ParamLayout layout, float[] params, int memoryWidth) {
        OnnxGraph g = new OnnxGraph("braid-decoder-step");
        String a = attention.name();
        g.input("token", OnnxGraph.INT64, "batch");
        g.input("memory", OnnxGraph.FLOAT, "batch", "steps", memoryWidth);
        Slot wk = layout.slot(a + ".Wk");
        g.input("keys", OnnxGraph.FLOAT, "batch", "steps", wk.cols());
        g.input("mask", OnnxGraph.FLOAT, "batch", "steps");
        g.initializer("axis0", new long[] {0}, 1);
        g.initializer("axis1", new long[] {1}, 1);
        g.initializer("axis2", new long[] {2}, 1);
        g.initializer(embedding.name() + ".E", OnnxRecurrent.values(layout.slot(embedding.name() + ".E"), params),
                embedding.vocabulary(), embedding.dim());
        g.node("Gather", List.of(embedding.name() + ".E", "token"), List.of(embedding.name() + ".rows"));
        g.node("Unsqueeze", List.of(embedding.name() + ".rows", "axis0"), List.of(embedding.name()));
        String x = embedding.name();
        int width = embedding.dim();
        for (RecurrentSpec r : layers) {
            boolean lstm = r.cell() == dev.braid.worker.rnn.CellType.LSTM;
            g.input("h0_" + r.name(), OnnxGraph.FLOAT, 1, "batch", r.hidden());
            if (lstm) {
                g.input("c0_" + r.name(), OnnxGraph.FLOAT, 1, "batch", r.hidden());
            }
            OnnxRecurrent.node(g, r.name(), r.cell(), List.of(r.scope() == null ? r.name() : r.scope()), layout, params,
                    width, r.hidden(), x, "", "h0_" + r.name(), lstm ? "c0_" + r.name() : "", "h_" + r.name(),
                    lstm ? "c_" + r.name() : "");
            g.node("Squeeze", List.of(r.name() + ".Y", "axis1"), List.of(r.name()));
            x = r.name();
            width = r.hidden();
        }
        g.node("Squeeze", List.of(x, "axis0"), List.of("top"));
        if (attention.score() == AttentionType.LUONG) {
            g.node("Unsqueeze", List.of("top", "axis2"), List.of("query"));
            g.node("MatMul", List.of("keys", "query"), List.of("scores3"));
        } else {
            Slot wq = layout.slot(a + ".Wq");
            Slot v = layout.slot(a + ".v");
            g.initializer(a + ".Wq", OnnxRecurrent.values(wq, params), wq.rows(), wq.cols());
            g.initializer(a + ".v", OnnxRecurrent.values(v, params), v.cols(), 1);
            g.node("MatMul", List.of("top", a + ".Wq"), List.of("query_rows"));
            g.node("Unsqueeze", List.of("query_rows", "axis1"), List.of("query"));
            g.node("Add", List.of("keys", "query"), List.of("energy_pre"));
            g.node("Tanh", List.of("energy_pre"), List.of("energy"));
            g.node("MatMul", List.of("energy", a + ".v"), List.of("scores3"));
        }
        g.node("Squeeze", List.of("scores3", "axis2"), List.of("scores"));
        g.node("Add", List.of("scores", "mask"), List.of("masked_scores"));
        g.node("Softmax", List.of("masked_scores"), List.of("weights"), OnnxGraph.intAttribute("axis", 1));
        g.node("Unsqueeze", List.of("weights", "axis1"), List.of("weights3"));
        g.node("MatMul", List.of("weights3", "memory"), List.of("context3"));
        g.node("Squeeze", List.of("context3", "axis1"), List.of("context"));
        g.node("Concat", List.of("context", "top"), List.of("combined"), OnnxGraph.intAttribute("axis", 1));
        Slot wc = layout.slot(a + ".Wc");
        g.initializer(a + ".Wc", OnnxRecurrent.values(wc, params), wc.rows(), wc.cols());
        g.initializer(a + ".bc", OnnxRecurrent.values(layout.slot(a + ".bc"), params), wc.cols());
        g.node("MatMul", List.of("combined", a + ".Wc"), List.of("attentional_pre"));
        g.node("Add", List.of("attentional_pre", a + ".bc"), List.of("attentional_sum"));
        g.node("Tanh", List.of("attentional_sum"), List.of("attentional"));
        int classes = head.classes();
        g.initializer(head.name() + ".W", OnnxRecurrent.projection(head, layout, params, wc.cols()), wc.cols(), classes);
        g.initializer(head.name() + ".b", OnnxRecurrent.values(layout.slot(head.name() + ".b"), params), classes);
        g.node("MatMul", List.of("attentional", head.name() + ".W"), List.of("projected"));
        g.node("Add", List.of("projected", head.name() + ".b"), List.of("logits"));
        g.output("logits", OnnxGraph.FLOAT, "batch", classes);
        g.output("weights", OnnxGraph.FLOAT, "batch", "steps");
        for (RecurrentSpec r : layers) {
            g.output("h_" + r.name(), OnnxGraph.FLOAT, 1, "batch", r.hidden());
            if (r.cell() == dev.braid.worker.rnn.CellType.LSTM) {
                g.output("c_" + r.name(), OnnxGraph.FLOAT, 1, "batch", r.hidden());
            }
        }
        return g;
    }
}
