package dev.braid.driver.export;

import dev.braid.worker.nn.ParamLayout;
import dev.braid.worker.nn.Slot;
import dev.braid.worker.rnn.CellType;
import java.util.ArrayList;
import java.util.List;

/**
 * Braid's recurrent layers as ONNX LSTM and GRU nodes: the weights of each direction ({@code <scope>.W/U/b},
 * GRU also {@code .bhn}) transposed and reordered from Braid's gate orders ({@code [i f o g]}; GRU
 * {@code [r z n]} with its own {@code b_hn}) to ONNX's ({@code [i o f c]}; {@code [z r h]} with
 * {@code linear_before_reset = 1}).
 */
final class OnnxRecurrent {
    private static final int[] LSTM_GATES = {0, 2, 1, 3};
    private static final int[] GRU_GATES = {1, 0, 2};

    private OnnxRecurrent() {
    }

    /** Whether ONNX export knows {@code cell} (LSTM without peepholes, GRU). */
    static boolean exports(CellType cell, boolean peephole) {
        return !peephole && (cell == CellType.LSTM || cell == CellType.GRU);
    }

    /**
     * Adds node {@code name} over {@code x} {@code [steps, batch, in]}, one direction per scope (two:
     * bidirectional), from initial states {@code h0}/{@code c0} ("" for zeros) and {@code lengths} ("" for
     * none); its outputs are {@code name.Y [steps, dirs, batch, h]}, {@code hOut} and, for an LSTM, {@code cOut}.
     */
    static void node(OnnxGraph g, String name, CellType cell, List<String> scopes, ParamLayout layout, float[] params,
                     int in, int h, String x, String lengths, String h0, String c0, String hOut, String cOut) {
        boolean lstm = cell == CellType.LSTM;
        int[] order = lstm ? LSTM_GATES : GRU_GATES;
        int gates = order.length;
        int dirs = scopes.size();
        float[] w = new float[dirs * gates * h * in];
        float[] r = new float[dirs * gates * h * h];
        float[] b = new float[dirs * 2 * gates * h];
        for (int d = 0; d < dirs; d++) {
            String scope = scopes.get(d);
            transposedGates(values(layout.slot(scope + ".W"), params), in, h, order, w, d * gates * h * in);
            transposedGates(values(layout.slot(scope + ".U"), params), h, h, order, r, d * gates * h * h);
            float[] bias = values(layout.slot(scope + ".b"), params);
            for (int og = 0; og < gates; og++) {
                System.arraycopy(bias, order[og] * h, b, d * 2 * gates * h + og * h, h);
            }
            if (!lstm) {
                // the candidate's hidden bias: ONNX's Rb_h, applied inside the reset gate as Braid's b_hn is
                System.arraycopy(values(layout.slot(scope + ".bhn"), params), 0, b, d * 2 * gates * h + (gates + 2) * h, h);
            }
        }
        g.initializer(name + ".W", w, dirs, (long) gates * h, in);
        g.initializer(name + ".R", r, dirs, (long) gates * h, h);
        g.initializer(name + ".B", b, dirs, (long) 2 * gates * h);
        List<String> inputs = new ArrayList<>(List.of(x, name + ".W", name + ".R", name + ".B", lengths, h0));
        List<String> outputs = new ArrayList<>(List.of(name + ".Y", hOut));
        if (lstm) {
            inputs.add(c0);
            outputs.add(cOut);
        }
        while (inputs.get(inputs.size() - 1).isEmpty()) {
            inputs.remove(inputs.size() - 1);
        }
        List<Proto> attributes = new ArrayList<>(List.of(OnnxGraph.intAttribute("hidden_size", h)));
        if (dirs == 2) {
            attributes.add(OnnxGraph.stringAttribute("direction", "bidirectional"));
        }
        if (!lstm) {
            attributes.add(OnnxGraph.intAttribute("linear_before_reset", 1));
        }
        g.node(lstm ? "LSTM" : "GRU", inputs, outputs, attributes.toArray(new Proto[0]));
    }

    /** Braid's {@code [in, gates*h]} (Braid's gate order) into ONNX's {@code [gates*h, in]} (ONNX's) at {@code at}. */
    private static void transposedGates(float[] w, int in, int h, int[] order, float[] out, int at) {
        int gates = order.length;
        for (int og = 0; og < gates; og++) {
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < in; i++) {
                    out[at + (og * h + j) * in + i] = w[i * gates * h + order[og] * h + j];
                }
            }
        }
    }

    /**
     * A softmax head's projection as {@code [width, classes]} values: its own {@code .W}, or the transpose of
     * the embedding table it is tied to ({@code [classes, width]}).
     */
    static float[] projection(dev.braid.worker.stack.SoftmaxSpec head, dev.braid.worker.nn.ParamLayout layout,
                              float[] params, int width) {
        if (!head.tied()) {
            return values(layout.slot(head.name() + ".W"), params);
        }
        Slot table = layout.slot(dev.braid.worker.nn.Embedding.tableName(head.tie()));
        int classes = head.classes();
        float[] out = new float[width * classes];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < width; i++) {
                out[i * classes + c] = params[table.offset() + c * width + i];
            }
        }
        return out;
    }

    static float[] values(Slot s, float[] params) {
        float[] v = new float[s.length()];
        System.arraycopy(params, s.offset(), v, 0, v.length);
        return v;
    }
}
