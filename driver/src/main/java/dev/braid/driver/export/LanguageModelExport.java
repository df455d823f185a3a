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
 * The recurrent layers are ONNX LSTM and GRU nodes ({@link OnnxRecurrent}).
 */
public final class LanguageModelExport {
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
                g.initializer(e.name() + ".E", OnnxRecurrent.values(layout.slot(e.name() + ".E"), params), e.vocabulary(), e.dim());
                g.node("Gather", List.of(e.name() + ".E", "tokens"), List.of(e.name()));
                x = e.name();
                width = e.dim();
            } else if (l instanceof RecurrentSpec r && x != null && OnnxRecurrent.exports(r.cell(), r.peephole())) {
                x = recurrent(g, r, layout, params, x, width, outputs);
                width = r.hidden();
            } else if (!(l instanceof DropoutSpec) || x == null) {
                throw new UserError("Layer '" + l.name() + "' (" + l.getClass().getSimpleName().replace("Spec", "")
                        + ") has no ONNX export: `braid export` writes a first embedding (not reversed), LSTM (without "
                        + "peepholes) and GRU layers, dropout and a softmax head.");
            }
        }
        Slot b = layout.slot(head.name() + ".b");
        int classes = head.classes();
        g.initializer(head.name() + ".W", OnnxRecurrent.projection(head, layout, params, width), width, classes);
        g.initializer(head.name() + ".b", OnnxRecurrent.values(b, params), classes);
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
        boolean lstm = r.cell() == CellType.LSTM;
        g.input("h0_" + r.name(), OnnxGraph.FLOAT, 1, "batch", r.hidden());
        outputs.add(new String[] {"h_" + r.name(), Integer.toString(r.hidden())});
        if (lstm) {
            g.input("c0_" + r.name(), OnnxGraph.FLOAT, 1, "batch", r.hidden());
            outputs.add(new String[] {"c_" + r.name(), Integer.toString(r.hidden())});
        }
        OnnxRecurrent.node(g, r.name(), r.cell(), List.of(scope), layout, params, width, r.hidden(), x, "",
                "h0_" + r.name(), lstm ? "c0_" + r.name() : "", "h_" + r.name(), lstm ? "c_" + r.name() : "");
        g.node("Squeeze", List.of(r.name() + ".Y", "squeeze_axes"), List.of(r.name()));
        return r.name();
    }

}
